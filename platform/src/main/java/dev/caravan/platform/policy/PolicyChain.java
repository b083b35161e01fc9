package dev.caravan.platform.policy;

import dev.caravan.api.policy.RequestPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordered request policies of a tenant: every source's policies, sources in the order given
 * (plugins first, then scripts). The list of sources stays open so script and other engines plug in
 * without touching the {@code admit} stage.
 */
public final class PolicyChain {

    private final List<PolicySource> sources;

    public PolicyChain(List<PolicySource> sources) {
        this.sources = List.copyOf(sources);
    }

    public static PolicyChain empty() {
        return new PolicyChain(List.of());
    }

    /** The policies of one request, matched against its resolved scope. */
    public List<RequestPolicy> policiesFor(dev.caravan.platform.config.Scope.RequestScope subject) {
        if (sources.size() == 1) {
            return sources.get(0).policiesFor(subject);
        }
        List<RequestPolicy> all = new ArrayList<>();
        for (PolicySource source : sources) {
            all.addAll(source.policiesFor(subject));
        }
        return all;
    }

    public List<RequestPolicy> policiesFor(String tenantId) {
        if (sources.size() == 1) {
            return sources.get(0).policiesFor(tenantId);
        }
        List<RequestPolicy> all = new ArrayList<>();
        for (PolicySource source : sources) {
            all.addAll(source.policiesFor(tenantId));
        }
        return all;
    }
}
