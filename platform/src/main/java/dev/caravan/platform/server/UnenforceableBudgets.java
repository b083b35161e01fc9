package dev.caravan.platform.server;

import dev.caravan.platform.exchange.GatewayException;
import java.nio.file.Path;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Stands in for {@code createBudget} when no policy can enforce budgets (none listed in
 * {@code admit.plugins} does, and {@code budget-standard} is not loaded): creating a budget then
 * answers 409 with the fix instead of storing a budget that would not hold. The other budget stages
 * (listing, reading, deleting) stay as they are.
 */
final class UnenforceableBudgets extends AsyncProcessorSupport {

    private final Path pluginsDir;

    UnenforceableBudgets(Path pluginsDir) {
        this.pluginsDir = pluginsDir.toAbsolutePath().normalize();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        exchange.setException(new GatewayException(409, "invalid_request_error", "budgets_not_enforced", null,
                "No policy can enforce budgets: none in admit.plugins does and the bundled 'budget-standard' plugin is"
                        + " not loaded; put the budget-standard plugin jar in plugins.dir (" + pluginsDir
                        + ") and restart, then create the budget."));
        callback.done(true);
        return true;
    }
}
