package dev.caravan.platform.guard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The guardrails of one phase, run in order.
 *
 * @param results every check that ran, in order (checks after a denial do not run)
 * @param body    the body to use: the original, or the last redacted copy
 * @param denial  the result that denied the call, or null
 */
public record PhaseOutcome(List<GuardResult> results, ObjectNode body, GuardResult denial) {

    public PhaseOutcome {
        results = List.copyOf(results);
    }

    public boolean denied() {
        return denial != null;
    }
}
