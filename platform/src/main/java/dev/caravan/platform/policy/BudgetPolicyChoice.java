package dev.caravan.platform.policy;

import dev.caravan.api.budget.BudgetDefinition;
import dev.caravan.api.policy.PolicyServices;
import dev.caravan.api.policy.RequestPolicy;
import dev.caravan.platform.config.ConfigException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure budgets that exist are enforced: a budget an operator wrote (in the config or through
 * the admin API) is expected to hold, whatever {@code admit.plugins} says. When no enabled policy
 * {@linkplain RequestPolicy#enforcesBudgets enforces budgets}, the bundled {@code budget-standard}
 * runs after the listed ones (so it sees the alias they chose) whenever at least one budget
 * exists; when it is not loaded and budgets exist, start-up stops with the fix. While there is no
 * budget it is not in the chain: an unconfigured control costs nothing on the request path.
 */
public final class BudgetPolicyChoice {

    public static final String BUNDLED = "budget-standard";
    private static final Logger LOG = LoggerFactory.getLogger(BudgetPolicyChoice.class);
    private static final PolicySource NONE = tenant -> List.of();

    private BudgetPolicyChoice() {}

    /** Whether budgets can be enforced: a policy listed in {@code admit.plugins} enforces them, or {@code budget-standard} is loaded. */
    public static boolean enforceable(List<String> enabled, List<RequestPolicy> loaded) {
        return loaded.stream().anyMatch(p -> BUNDLED.equals(p.id()) || enabled.contains(p.id()) && p.enforcesBudgets());
    }

    /**
     * @param enabled    ids from {@code admit.plugins}
     * @param loaded     the policy extensions of the started plugins
     * @param budgets    the budgets in force now (config and admin API), asked per request
     * @param services   lent to {@code budget-standard} when it is enabled here
     * @param pluginsDir {@code plugins.dir}, for the fix in the message
     * @return the source to chain after the listed plugins: {@code budget-standard} while budgets exist, or nothing
     * @throws ConfigException naming {@code budgets} when budgets exist and no policy can enforce them
     */
    public static PolicySource source(List<String> enabled, List<RequestPolicy> loaded, Supplier<List<BudgetDefinition>> budgets,
            PolicyServices services, Path pluginsDir) {
        Map<String, RequestPolicy> byId = new LinkedHashMap<>();
        loaded.forEach(policy -> byId.putIfAbsent(policy.id(), policy));
        for (String id : enabled) {
            RequestPolicy policy = byId.get(id);
            if (policy != null && policy.enforcesBudgets()) {
                return NONE;
            }
        }
        int count = budgets.get().size();
        RequestPolicy bundled = byId.get(BUNDLED);
        if (bundled == null) {
            if (count == 0) {
                return NONE;
            }
            String ids = byId.isEmpty() ? "none" : String.join(", ", new TreeSet<>(byId.keySet()));
            throw new ConfigException("budgets", count + " budget(s) are defined but no policy in admit.plugins enforces"
                    + " budgets and the bundled '" + BUNDLED + "' plugin is not loaded (request policies loaded: " + ids
                    + "); fix: put the budget-standard plugin jar in plugins.dir (" + pluginsDir.toAbsolutePath().normalize()
                    + "), or add a budget policy to admit.plugins, or remove the budgets");
        }
        bundled.start(services);
        LOG.info("No policy in admit.plugins {} enforces budgets: the bundled '{}' runs after them whenever a budget exists"
                + " ({} now)", enabled, BUNDLED, count);
        List<RequestPolicy> chain = List.of(bundled);
        return tenant -> budgets.get().isEmpty() ? List.of() : chain;
    }
}
