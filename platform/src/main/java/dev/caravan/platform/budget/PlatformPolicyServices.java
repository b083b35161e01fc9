package dev.caravan.platform.budget;

import dev.caravan.api.budget.BudgetDefinition;
import dev.caravan.api.budget.BudgetLedger;
import dev.caravan.api.budget.ModelPrice;
import dev.caravan.api.policy.PolicyServices;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ModelAlias;
import dev.caravan.platform.config.TargetConfig;
import dev.caravan.platform.pricing.PricingCatalog;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The services the platform lends request policies: the database ledger, the configured budgets,
 * prices from the catalog (the alias's first provider target, as routing tries it first) and the
 * alert sink.
 */
public final class PlatformPolicyServices implements PolicyServices {

    private final CaravanConfig config;
    private final java.util.function.Supplier<List<BudgetDefinition>> budgets;
    private final BudgetLedger ledger;
    private final PricingCatalog catalog;
    private final Clock clock;
    private final Consumer<PolicyAlert> alerts;

    public PlatformPolicyServices(CaravanConfig config, java.util.function.Supplier<List<BudgetDefinition>> budgets,
            BudgetLedger ledger, PricingCatalog catalog, Clock clock, Consumer<PolicyAlert> alerts) {
        this.config = config;
        this.budgets = budgets;
        this.ledger = ledger;
        this.catalog = catalog;
        this.clock = clock;
        this.alerts = alerts;
    }

    @Override
    public BudgetLedger ledger() {
        return ledger;
    }

    @Override
    public List<BudgetDefinition> budgets() {
        return budgets.get();
    }

    @Override
    public Optional<ModelPrice> priceOf(String alias) {
        return firstTarget(alias).flatMap(t -> catalog.find(t.provider(), t.model(), LocalDate.now(clock.withZone(ZoneOffset.UTC)))
                .map(row -> new ModelPrice(row.id(), t.provider(), row.inputPerMtok(), row.outputPerMtok(), row.perRequest())));
    }

    @Override
    public Optional<String> providerOf(String alias) {
        return firstTarget(alias).map(TargetConfig::provider);
    }

    private Optional<TargetConfig> firstTarget(String alias) {
        return config.alias(alias).map(ModelAlias::targets).filter(t -> !t.isEmpty()).map(t -> t.get(0))
                .filter(t -> !t.isAlias());
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Consumer<PolicyAlert> alerts() {
        return alerts;
    }
}
