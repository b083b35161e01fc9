package dev.caravan.plugins.budget;

import dev.caravan.api.budget.BudgetDefinition;
import dev.caravan.api.policy.PolicyRequest;
import dev.caravan.api.policy.PolicyServices;

/** Whether a budget covers a request: every request, or by tenant, key name, alias, first provider or a metadata value. */
final class BudgetScope {

    private BudgetScope() {}

    static boolean covers(BudgetDefinition budget, PolicyRequest request, PolicyServices services) {
        String value = budget.scopeValue();
        return switch (budget.scopeType()) {
            case "global" -> true;
            case "tenant" -> value.equals(request.context().tenantId());
            case "key" -> value.equals(request.context().keyName());
            case "alias" -> value.equals(request.alias());
            case "provider" -> services.providerOf(request.alias()).map(value::equals).orElse(false);
            case "metadata" -> value.equals(request.context().metadata().get(budget.scopeField()));
            default -> false;
        };
    }
}
