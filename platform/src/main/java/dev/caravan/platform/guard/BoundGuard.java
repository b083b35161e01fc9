package dev.caravan.platform.guard;

import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.GuardPhase;
import java.util.Set;

/**
 * One configured guardrail, ready to run: the plugin's check bound to the options of one entry.
 *
 * @param id    the guardrail id (named in receipts and 446 errors)
 * @param on    the phases it runs in
 * @param check the plugin's configured check, shared by all requests
 * @param path  where it is configured, e.g. {@code keys[2].guardrails[0]}
 */
public record BoundGuard(String id, Set<GuardPhase> on, GuardCheck check, String path) {

    public BoundGuard {
        on = Set.copyOf(on);
    }

    public boolean runsOn(GuardPhase phase) {
        return on.contains(phase);
    }
}
