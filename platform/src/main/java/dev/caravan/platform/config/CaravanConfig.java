package dev.caravan.platform.config;

import java.util.List;

/**
 * The whole gateway configuration, validated. Built only by {@link ConfigLoader}; every value is
 * present (defaults applied) so no consumer ever checks for null.
 */
public record CaravanConfig(
        ServerConfig server,
        StorageConfig storage,
        AdminConfig admin,
        MetricsConfig metrics,
        RoutesConfig routes,
        PluginsConfig plugins,
        ReceiptsConfig receipts,
        BreakerConfig breaker,
        List<ProviderConfig> providers,
        List<ModelAlias> models,
        List<ModelAlias> savedRoutes,
        List<KeyConfig> keys,
        List<dev.caravan.platform.config.PriceRow> pricing,
        List<dev.caravan.platform.config.PriceRow> pricingImports,
        AdmitConfig admit,
        List<dev.caravan.platform.config.RateLimitRule> rateLimits,
        List<dev.caravan.api.budget.BudgetDefinition> budgets,
        java.time.ZoneId budgetsTimezone,
        BudgetAlertsConfig budgetAlerts,
        PoliciesConfig policies,
        LoggingConfig logging,
        List<TenantConfig> tenants,
        GuardrailsConfig guardrails,
        AuthThrottleConfig authThrottle, CorsConfig cors,
        StagesConfig stages,
        ConsoleConfig console,
        List<String> warnings) {

    public CaravanConfig {
        providers = List.copyOf(providers);
        models = List.copyOf(models);
        savedRoutes = List.copyOf(savedRoutes);
        keys = List.copyOf(keys);
        pricing = List.copyOf(pricing);
        pricingImports = List.copyOf(pricingImports);
        rateLimits = List.copyOf(rateLimits);
        budgets = List.copyOf(budgets);
        tenants = List.copyOf(tenants);
        warnings = List.copyOf(warnings);
    }

    /** A {@code tenants[]} entry by id; tenants not listed follow the {@code logging.default_*} settings. */
    public java.util.Optional<TenantConfig> tenant(String id) {
        return tenants.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public java.util.Optional<ProviderConfig> provider(String id) {
        return providers.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** A {@code saved_routes[]} entry by id (its {@code alias()} is the id). */
    public java.util.Optional<ModelAlias> savedRoute(String id) {
        return savedRoutes.stream().filter(r -> r.alias().equals(id)).findFirst();
    }

    public java.util.Optional<ModelAlias> alias(String name) {
        return models.stream().filter(m -> m.alias().equals(name)).findFirst();
    }
}
