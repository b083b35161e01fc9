package dev.caravan.plugins.budget;

import dev.caravan.api.budget.BudgetDefinition;
import dev.caravan.api.policy.PolicyServices;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends a budget's threshold alerts (e.g. 50/80/100 % of the limit) once per period: after each
 * settlement it reads the window's spend and alerts every threshold newly crossed. "Once" is kept
 * per gateway process (a restart or another node may alert a threshold again).
 */
final class ThresholdAlerts {

    private final PolicyServices services;
    private final Set<String> sent = ConcurrentHashMap.newKeySet();

    ThresholdAlerts(PolicyServices services) {
        this.services = services;
    }

    void check(BudgetDefinition budget, String window) {
        if (budget.alerts().isEmpty() || budget.limit().signum() == 0) {
            return;
        }
        services.ledger().usage(budget.name(), window).thenAccept(usage -> {
            BigDecimal percent = usage.spent().multiply(BigDecimal.valueOf(100)).divide(budget.limit(), 4, RoundingMode.DOWN);
            for (int threshold : budget.alerts()) {
                if (percent.compareTo(BigDecimal.valueOf(threshold)) >= 0 && sent.add(budget.name() + "|" + window + "|" + threshold)) {
                    services.alerts().accept(new PolicyServices.PolicyAlert(budget.name(), window, threshold,
                            "budget '" + budget.name() + "' has spent " + StandardBudgetPolicy.plain(usage.spent())
                                    + StandardBudgetPolicy.unit(budget) + " of " + StandardBudgetPolicy.plain(budget.limit())
                                    + " (" + threshold + "% threshold) in " + window));
                }
            }
        });
    }
}
