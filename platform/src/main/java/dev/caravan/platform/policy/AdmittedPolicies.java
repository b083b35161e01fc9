package dev.caravan.platform.policy;

import dev.caravan.api.Money;
import dev.caravan.api.RequestContext;
import dev.caravan.api.Usage;
import dev.caravan.api.policy.PolicyNote;
import dev.caravan.api.policy.PolicyOutcome;
import dev.caravan.api.policy.PolicyDecision;
import dev.caravan.api.policy.RequestPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policies that admitted one request (did not deny it), with their decisions, so each gets
 * exactly one {@link RequestPolicy#completed} call when the request ends, whatever the ending. The
 * first {@link #complete} call wins; later ones do nothing.
 */
public final class AdmittedPolicies {

    private static final Logger LOG = LoggerFactory.getLogger(AdmittedPolicies.class);

    private record Admitted(RequestPolicy policy, PolicyDecision decision) {}

    private final List<Admitted> admitted = new ArrayList<>(2);
    private final AtomicBoolean completed = new AtomicBoolean();

    /** Called by the {@code admit} stage, one policy after the other. */
    public synchronized void add(RequestPolicy policy, PolicyDecision decision) {
        admitted.add(new Admitted(policy, decision));
    }

    /**
     * Hands every admitting policy the request's outcome, in admission order, and returns the notes
     * they want in the receipt. A policy that throws is logged (with the trace id) and skipped; the
     * others still complete.
     */
    public List<PolicyNote> complete(RequestContext context, int status, Usage usage, Money cost, boolean succeeded) {
        if (!completed.compareAndSet(false, true)) {
            return List.of();
        }
        List<Admitted> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(admitted);
        }
        List<PolicyNote> notes = new ArrayList<>();
        for (Admitted a : snapshot) {
            try {
                List<PolicyNote> added = a.policy().completed(new PolicyOutcome(context, a.decision(), status, usage, cost, succeeded));
                if (added != null) {
                    notes.addAll(added);
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.error("trace {}: policy '{}' failed in afterResponse", context.traceId(), safeId(a.policy()), e);
            }
        }
        return notes;
    }

    public boolean isCompleted() {
        return completed.get();
    }

    static String safeId(RequestPolicy policy) {
        try {
            return policy.id();
        } catch (RuntimeException e) {
            return policy.getClass().getName();
        }
    }
}
