package dev.caravan.api.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;

/**
 * A policy's answer before a request is routed.
 *
 * @param outcome     allow, deny or modify
 * @param policy      id of the deciding policy (named in errors and receipts)
 * @param status      for DENY: the HTTP status (403 forbidden, 429 over a limit)
 * @param code        for DENY: OpenAI error code, e.g. {@code budget_exceeded}
 * @param message     for DENY: message for the caller; for others an optional note for the receipt
 * @param retryAfter  for DENY with 429: when to retry, else null
 * @param alias       for MODIFY: the alias to route to instead, or null to keep it
 * @param body        for MODIFY: the body to send instead, or null to keep it
 * @param metadata    for MODIFY: metadata to add to the request context
 * @param reservation opaque state the policy wants back in {@link PolicyOutcome} (e.g. a budget
 *                    reservation to settle); may be null
 * @param notes       what to write in the receipt for this decision (since plugin-api 0.1.2); when
 *                    empty the platform writes one {@code policy} line with the outcome and message
 * @param param       for DENY: the request field the refusal is about (the error's {@code param}, e.g.
 *                    {@code messages[0].content[1]}), or null (since plugin-api 0.1.3)
 */
public record PolicyDecision(
        Outcome outcome,
        String policy,
        int status,
        String code,
        String message,
        Duration retryAfter,
        String alias,
        ObjectNode body,
        Map<String, String> metadata,
        Object reservation,
        java.util.List<PolicyNote> notes,
        String param) {

    public enum Outcome {
        ALLOW,
        DENY,
        MODIFY
    }

    public PolicyDecision {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        notes = notes == null ? java.util.List.of() : java.util.List.copyOf(notes);
    }

    /** The constructor of plugin-api 0.1.1, kept for plugins built against it: no receipt notes. */
    public PolicyDecision(Outcome outcome, String policy, int status, String code, String message, Duration retryAfter,
            String alias, ObjectNode body, Map<String, String> metadata, Object reservation) {
        this(outcome, policy, status, code, message, retryAfter, alias, body, metadata, reservation, null, null);
    }

    /** The constructor of plugin-api 0.1.2, kept for plugins built against it: no {@code param}. */
    public PolicyDecision(Outcome outcome, String policy, int status, String code, String message, Duration retryAfter,
            String alias, ObjectNode body, Map<String, String> metadata, Object reservation, java.util.List<PolicyNote> notes) {
        this(outcome, policy, status, code, message, retryAfter, alias, body, metadata, reservation, notes, null);
    }

    /** A DENY about one request field: the caller's error names it as {@code param}. */
    public PolicyDecision withParam(String field) {
        return new PolicyDecision(outcome, policy, status, code, message, retryAfter, alias, body, metadata, reservation, notes, field);
    }

    /** Modifies the request: routes it to {@code newAlias} instead (an alias the calling key may use). */
    public static PolicyDecision modifyAlias(String policy, String newAlias, String note) {
        return new PolicyDecision(Outcome.MODIFY, policy, 0, null, note, null, newAlias, null, null, null, null);
    }

    public PolicyDecision withRetryAfter(Duration after) {
        return new PolicyDecision(outcome, policy, status, code, message, after, alias, body, metadata, reservation, notes, param);
    }

    public PolicyDecision withNotes(java.util.List<PolicyNote> newNotes) {
        return new PolicyDecision(outcome, policy, status, code, message, retryAfter, alias, body, metadata, reservation, newNotes, param);
    }

    public static PolicyDecision allow(String policy) {
        return new PolicyDecision(Outcome.ALLOW, policy, 0, null, null, null, null, null, null, null);
    }

    public static PolicyDecision deny(String policy, int status, String code, String message) {
        return new PolicyDecision(Outcome.DENY, policy, status, code, message, null, null, null, null, null);
    }

    public PolicyDecision withReservation(Object newReservation) {
        return new PolicyDecision(outcome, policy, status, code, message, retryAfter, alias, body, metadata, newReservation, notes, param);
    }
}
