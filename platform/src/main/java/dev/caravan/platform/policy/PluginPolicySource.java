package dev.caravan.platform.policy;

import dev.caravan.api.policy.PolicyServices;
import dev.caravan.api.policy.RequestPolicy;
import dev.caravan.platform.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The PF4J {@link RequestPolicy} extensions that {@code admit.plugins} enables, in that order, for
 * every tenant. A loaded policy that is not listed never runs: installing a plugin jar alone does
 * not change who gets admitted.
 */
public final class PluginPolicySource implements PolicySource {

    private final List<RequestPolicy> policies;

    private PluginPolicySource(List<RequestPolicy> policies) {
        this.policies = List.copyOf(policies);
    }

    /**
     * @param enabled ids from {@code admit.plugins}
     * @param loaded  the policy extensions of the started plugins
     * @param services what the platform lends the enabled policies ({@link RequestPolicy#start})
     * @throws ConfigException naming {@code admit.plugins[i]} when an enabled id is not loaded
     */
    public static PluginPolicySource of(List<String> enabled, List<RequestPolicy> loaded, PolicyServices services) {
        Map<String, RequestPolicy> byId = new LinkedHashMap<>();
        loaded.forEach(policy -> byId.putIfAbsent(policy.id(), policy));
        List<RequestPolicy> chosen = new ArrayList<>();
        for (int i = 0; i < enabled.size(); i++) {
            RequestPolicy policy = byId.get(enabled.get(i));
            if (policy == null) {
                String ids = byId.isEmpty() ? "none" : String.join(", ", new TreeSet<>(byId.keySet()));
                throw new ConfigException("admit.plugins[" + i + "]",
                        "no request policy '" + enabled.get(i) + "' is loaded (loaded: " + ids + ")");
            }
            chosen.add(policy);
        }
        chosen.forEach(policy -> policy.start(services));
        return new PluginPolicySource(chosen);
    }

    @Override
    public List<RequestPolicy> policiesFor(String tenantId) {
        return policies;
    }
}
