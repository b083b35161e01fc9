package dev.caravan.platform.guard;

import dev.caravan.api.guardrail.GuardVerdict;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import java.util.Locale;

/**
 * What one guardrail check came to: its verdict, or the error that stopped it (an exception, an
 * overrun of the time budget, no verdict) together with what the operator's
 * {@code guardrails_on_error} made of it.
 *
 * @param guard   the check
 * @param verdict the verdict, null when {@code error} is set
 * @param error   why the check gave no verdict, else null
 * @param action  the action taken: the verdict's, or for an error DENY (fail-closed) or PASS (fail-open)
 */
public record GuardResult(BoundGuard guard, GuardVerdict verdict, String error, Action action) {

    static GuardResult of(BoundGuard guard, GuardVerdict verdict) {
        return new GuardResult(guard, verdict, null, verdict.action());
    }

    static GuardResult failed(BoundGuard guard, String error, boolean failClosed) {
        return new GuardResult(guard, null, error, failClosed ? Action.DENY : Action.PASS);
    }

    public boolean denies() {
        return action == Action.DENY;
    }

    /** The receipt's outcome: {@code pass}, {@code warn}, {@code redact}, {@code deny}, or {@code error} when the check failed. */
    public String outcome() {
        return error != null ? "error" : action.name().toLowerCase(Locale.ROOT);
    }

    /** Safe to show the caller: the guardrail's reason (which never quotes the match) or what went wrong. */
    public String reason() {
        if (error != null) {
            return error + (action == Action.DENY ? "; denied (guardrails_on_error: deny)" : "; allowed (guardrails_on_error: allow)");
        }
        return verdict.reason();
    }
}
