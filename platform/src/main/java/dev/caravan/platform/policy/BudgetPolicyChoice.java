package dev.caravan.platform.policy;

import dev.caravan.api.policy.RequestPolicy;
import dev.caravan.platform.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure budgets that exist are enforced: a budget an operator wrote is expected to hold,
 * whatever {@code admit.plugins} says. When no enabled policy {@linkplain RequestPolicy#enforcesBudgets
 * enforces budgets}, the bundled {@code budget-standard} is enabled after the listed ones (so it
 * sees the alias they chose); when it is not loaded either, start-up stops with the fix.
 * Without budgets nothing is added: an unconfigured control costs nothing on the request path.
 */
public final class BudgetPolicyChoice {

    public static final String BUNDLED = "budget-standard";
    private static final Logger LOG = LoggerFactory.getLogger(BudgetPolicyChoice.class);

    private BudgetPolicyChoice() {}

    /**
     * @param enabled    ids from {@code admit.plugins}
     * @param loaded     the policy extensions of the started plugins
     * @param budgets    how many budgets exist (config and admin API)
     * @param pluginsDir {@code plugins.dir}, for the fix in the message
     * @return the ids to enable: {@code enabled}, plus {@code budget-standard} when budgets need it
     * @throws ConfigException naming {@code budgets} when budgets exist and no policy can enforce them
     */
    public static List<String> policies(List<String> enabled, List<RequestPolicy> loaded, int budgets, Path pluginsDir) {
        if (budgets == 0) {
            return enabled;
        }
        Map<String, RequestPolicy> byId = new LinkedHashMap<>();
        loaded.forEach(policy -> byId.putIfAbsent(policy.id(), policy));
        for (String id : enabled) {
            RequestPolicy policy = byId.get(id);
            if (policy != null && policy.enforcesBudgets()) {
                return enabled;
            }
        }
        if (!byId.containsKey(BUNDLED)) {
            String ids = byId.isEmpty() ? "none" : String.join(", ", new TreeSet<>(byId.keySet()));
            throw new ConfigException("budgets", budgets + " budget(s) are defined but no policy in admit.plugins enforces"
                    + " budgets and the bundled '" + BUNDLED + "' plugin is not loaded (request policies loaded: " + ids
                    + "); fix: put the budget-standard plugin jar in plugins.dir (" + pluginsDir.toAbsolutePath().normalize()
                    + "), or add a budget policy to admit.plugins, or remove the budgets");
        }
        List<String> chosen = new ArrayList<>(enabled);
        chosen.add(BUNDLED);
        LOG.info("{} budget(s) defined and no policy in admit.plugins {} enforces budgets: enabling the bundled '{}'",
                budgets, enabled, BUNDLED);
        return List.copyOf(chosen);
    }
}
