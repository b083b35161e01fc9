package dev.caravan.api.policy;

import java.util.Objects;

/**
 * One line a policy adds to the request's receipt (its list of decisions), e.g. a budget's
 * {@code reserved} before the call or {@code settled} after it.
 *
 * @param stage   what kind of decision: {@code budget}, {@code rate_limit}, {@code policy}
 * @param id      which budget, limit or policy decided (its configured name)
 * @param outcome what it decided, e.g. {@code allow}, {@code reserved}, {@code settled}, {@code released}, {@code denied}
 * @param detail  why, or the amounts involved; shown to the caller, so never a secret; may be null
 */
public record PolicyNote(String stage, String id, String outcome, String detail) {

    public PolicyNote {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(outcome, "outcome");
    }
}
