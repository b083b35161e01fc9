package dev.caravan.platform.audit;

import java.util.Objects;

/**
 * What one admin change did, as {@link AuditLog#apply} needs it: the result for the caller, and the
 * entry to record, or none when the call turned out to change nothing (e.g. revoking a key that
 * does not exist).
 *
 * @param result what the caller gets back
 * @param action the entry's action ({@code budget.update}), or null when nothing changed
 * @param target what was changed ({@code budget:acme-monthly})
 * @param before the state before, null when created
 * @param after  the state after, null when deleted
 */
public record AuditedChange<T>(T result, String action, String target, Object before, Object after) {

    public static <T> AuditedChange<T> of(T result, String action, String target, Object before, Object after) {
        return new AuditedChange<>(result, Objects.requireNonNull(action, "action"), Objects.requireNonNull(target, "target"),
                before, after);
    }

    /** Nothing changed: no entry. */
    public static <T> AuditedChange<T> none(T result) {
        return new AuditedChange<>(result, null, null, null, null);
    }

    boolean changed() {
        return action != null;
    }
}
