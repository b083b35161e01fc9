package dev.caravan.platform.policy;

import dev.caravan.api.policy.RequestPolicy;
import java.util.List;

/**
 * Where the {@code admit} stage finds the request policies that apply to a tenant: PF4J plugins
 * (e.g. {@code budget-standard}) and Groovy scripts in {@code policies/}. Each source returns its
 * policies in the order they run; the stage runs the sources in the order configured.
 *
 * <p>Called on a worker thread for every request: implementations return a prepared, immutable
 * list (no compilation, no I/O here) and must be thread-safe.
 */
public interface PolicySource {

    /** Policies for requests of {@code tenantId}: the tenant's own and the global ones. */
    List<RequestPolicy> policiesFor(String tenantId);

    /**
     * Policies for one request, whose scope ({@code resolveAlias}) is known: sources whose policies
     * are bound to scopes other than tenants override this; by default, the tenant's.
     */
    default List<RequestPolicy> policiesFor(dev.caravan.platform.config.Scope.RequestScope subject) {
        return policiesFor(subject.tenant());
    }
}
