package dev.caravan.platform.guard;

import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.storage.Receipt;
import java.util.Locale;

/** Writes guardrail results into the receipt: one decision per check run, PASS included, so the receipt lists what was checked. */
public final class GuardDecisions {

    private GuardDecisions() {}

    public static String stage(GuardPhase phase) {
        return "guardrail:" + phase.name().toLowerCase(Locale.ROOT);
    }

    public static void record(RequestState state, GuardPhase phase, Iterable<GuardResult> results) {
        for (GuardResult result : results) {
            String reason = result.reason();
            String detail = (reason == null ? "" : reason + " ") + "(" + result.guard().path() + ")";
            state.outcome().addDecision(new Receipt.Decision(stage(phase), result.guard().id(), result.outcome(), detail));
        }
    }
}
