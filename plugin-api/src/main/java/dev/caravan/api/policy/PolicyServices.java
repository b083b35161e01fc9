package dev.caravan.api.policy;

import dev.caravan.api.budget.BudgetDefinition;
import dev.caravan.api.budget.BudgetLedger;
import dev.caravan.api.budget.ModelPrice;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the platform lends request policies (since plugin-api 0.1.2): its budget ledger on the
 * shared database, the budgets the operator defined, prices, a clock (controllable in tests) and a
 * sink for alerts. Handed once to {@link RequestPolicy#start}; thread-safe.
 */
public interface PolicyServices {

    BudgetLedger ledger();

    /** The budgets currently defined (config bootstrap and admin API), in definition order. */
    List<BudgetDefinition> budgets();

    /** The price of the alias's first target, as the pricing catalog has it today; empty when unpriced. */
    Optional<ModelPrice> priceOf(String alias);

    /** The provider id an alias routes to first, or empty for a nested or unknown alias. */
    Optional<String> providerOf(String alias);

    Clock clock();

    /** Delivers an alert (e.g. a budget threshold crossed) to the operator's sink; never blocks. */
    Consumer<PolicyAlert> alerts();

    /** One alert: which budget, which threshold, and a line for humans. */
    record PolicyAlert(String budget, String window, int thresholdPercent, String message) {}
}
