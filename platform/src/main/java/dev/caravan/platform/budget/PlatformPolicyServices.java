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

    /**
     * The highest price any target of the alias may be billed at: every provider target it can reach
     * (fallbacks, load-balanced pools, nested aliases, conditional branches, saved-route-free), each
     * component the maximum over them, so a reservation is a true upper bound whichever target
     * serves. Empty when none of them has a price.
     */
    @Override
    public Optional<ModelPrice> priceOf(String alias) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        ModelPrice highest = null;
        for (TargetConfig t : ReachableTargets.of(config, alias)) {
            Optional<dev.caravan.platform.config.PriceRow> row = catalog.find(t.provider(), t.model(), today);
            if (row.isEmpty()) {
                continue;
            }
            PriceRowView p = new PriceRowView(row.get());
            highest = highest == null ? p.asPrice(t.provider()) : new ModelPrice(
                    p.row.outputPerMtok().compareTo(highest.outputPerMtok()) > 0 ? p.row.id() : highest.priceId(),
                    highest.provider(),
                    p.row.inputPerMtok().max(highest.inputPerMtok()),
                    p.row.outputPerMtok().max(highest.outputPerMtok()),
                    p.row.perRequest().max(highest.perRequest()));
        }
        return Optional.ofNullable(highest);
    }

    private record PriceRowView(dev.caravan.platform.config.PriceRow row) {
        ModelPrice asPrice(String provider) {
            return new ModelPrice(row.id(), provider, row.inputPerMtok(), row.outputPerMtok(), row.perRequest());
        }
    }

    @Override
    public Optional<String> providerOf(String alias) {
        List<TargetConfig> targets = ReachableTargets.of(config, alias);
        return targets.isEmpty() ? Optional.empty() : Optional.of(targets.get(0).provider());
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
