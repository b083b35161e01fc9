package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.RequestState;

import dev.caravan.api.Money;
import dev.caravan.api.policy.PolicyNote;
import dev.caravan.platform.policy.AdmittedPolicies;
import dev.caravan.platform.storage.Receipt;
import java.util.List;

/**
 * Finish step {@code settlePolicies}: every policy that admitted the request hears how it ended,
 * with its cost (a budget's reservation becomes the actual cost, or is released when nothing was
 * served). Their notes go into the receipt, so this comes before {@code writeReceipt}.
 */
public final class SettlePoliciesStep extends FinishStep {

    public SettlePoliciesStep() {
        super("settlePolicies");
    }

    @Override
    protected Receipt finish(RequestState state, Receipt priced) {
        AdmittedPolicies admitted = state.attachedOrNew(PolicyRun.ADMITTED, AdmittedPolicies::new);
        if (state.key() == null || admitted.isCompleted() || state.context() == null) {
            return null;
        }
        Money cost = switch (priced.pricing()) {
            case Receipt.PRICED -> new Money(priced.costUsd(), "USD");
            case Receipt.UNPRICED -> null;
            default -> Money.ZERO_USD; // nothing was served, nothing is owed
        };
        int status = priced.status();
        boolean succeeded = status < 400 && priced.errorType() == null;
        List<PolicyNote> notes = admitted.complete(state.context(), status, state.outcome().usage(), cost, succeeded);
        notes.forEach(n -> state.outcome().addDecision(new Receipt.Decision(n.stage(), n.id(), n.outcome(), n.detail())));
        return priced.withDecisions(state.outcome().decisions());
    }
}
