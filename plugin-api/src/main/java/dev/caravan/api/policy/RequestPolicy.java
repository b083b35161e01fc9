package dev.caravan.api.policy;

import java.util.concurrent.CompletionStage;
import org.pf4j.ExtensionPoint;

/**
 * Admits, refuses or reshapes requests before routing, and observes their outcome: budgets, rate
 * limits and tenant rules (as PF4J plugins or Groovy scripts).
 *
 * <p>Threading: called on platform threads, never on a Netty I/O thread, concurrently for
 * many requests. {@link #beforeRequest} is asynchronous so a policy can do an atomic database
 * operation (a budget reservation) without holding a thread; it must complete within the
 * platform's policy time budget or the request fails with 503. {@link #afterResponse} (and
 * {@link #completed}) must not block: it often runs on the upstream client's thread that read the
 * answer, which reads other answers too; do slow work asynchronously.
 *
 * <p>Contract: every request that got a non-DENY decision from this policy gets exactly one
 * {@link #afterResponse} call, whatever happens later (upstream failure, client disconnect), so
 * reservations can always be settled or released.
 */
public interface RequestPolicy extends ExtensionPoint {

    /**
     * Called once when the platform enables the policy, before any request, with the services it
     * lends (since plugin-api 0.1.2). The default ignores them.
     */
    default void start(PolicyServices services) {}

    /** Id used in config, receipts and errors, e.g. {@code budget-standard}. */
    String id();

    /**
     * Whether this policy enforces the configured {@code budgets} (since plugin-api 0.1.2). When
     * budgets exist and no policy enabled in {@code admit.plugins} says so, the platform enables
     * the bundled {@code budget-standard}, or refuses to start: a budget is never silently not
     * enforced. A replacement budget policy returns {@code true}. The default is {@code false}.
     */
    default boolean enforcesBudgets() {
        return false;
    }

    CompletionStage<PolicyDecision> beforeRequest(PolicyRequest request);

    void afterResponse(PolicyOutcome outcome);

    /**
     * What the platform calls, exactly once per admitted request, in place of {@link #afterResponse}:
     * it runs before the request's receipt is written, so the notes it returns (e.g. a budget's
     * {@code settled}) land in that receipt. The default calls {@link #afterResponse} and adds
     * nothing. Must not block (since plugin-api 0.1.2).
     */
    default java.util.List<PolicyNote> completed(PolicyOutcome outcome) {
        afterResponse(outcome);
        return java.util.List.of();
    }
}
