package dev.caravan.api.guardrail;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A guardrail's decision. Guardrails return verdicts, they do not throw: an exception from a
 * guardrail is recorded as an error verdict and handled by the operator's fail-open/closed setting.
 *
 * @param action      what to do
 * @param guardrail   id of the deciding guardrail (named in errors and receipts)
 * @param reason      short reason, safe to show the caller (never echo the sensitive match)
 * @param transformed for {@link Action#REDACT}: the body to use instead; otherwise null
 */
public record GuardVerdict(Action action, String guardrail, String reason, ObjectNode transformed) {

    public enum Action {
        PASS,
        WARN,
        REDACT,
        DENY
    }

    public static GuardVerdict pass(String guardrail) {
        return new GuardVerdict(Action.PASS, guardrail, null, null);
    }

    public static GuardVerdict deny(String guardrail, String reason) {
        return new GuardVerdict(Action.DENY, guardrail, reason, null);
    }

    public static GuardVerdict warn(String guardrail, String reason) {
        return new GuardVerdict(Action.WARN, guardrail, reason, null);
    }

    public static GuardVerdict redact(String guardrail, String reason, ObjectNode transformed) {
        return new GuardVerdict(Action.REDACT, guardrail, reason, transformed);
    }
}
