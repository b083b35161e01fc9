package dev.caravan.platform.server;

import dev.caravan.platform.pipeline.GatewayException;
import dev.caravan.platform.pipeline.IngressStage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.file.Path;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Stands in front of {@code adminBudgets} when no policy can enforce budgets (none listed in
 * {@code admit.plugins} does, and {@code budget-standard} is not loaded): creating a budget then
 * answers 409 with the fix instead of storing a budget that would not hold. Everything else
 * (listing, reading, deleting) goes through.
 */
final class UnenforceableBudgets extends AsyncProcessorSupport {

    private static final String BASE = "/admin/v1/budgets";

    private final AsyncProcessor budgets;
    private final Path pluginsDir;

    UnenforceableBudgets(AsyncProcessor budgets, Path pluginsDir) {
        this.budgets = budgets;
        this.pluginsDir = pluginsDir.toAbsolutePath().normalize();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        FullHttpRequest request = IngressStage.request(exchange);
        String path = request.uri().replaceFirst("\\?.*$", "");
        if (HttpMethod.POST.equals(request.method()) && (path.equals(BASE) || path.equals(BASE + "/"))) {
            exchange.setException(new GatewayException(409, "invalid_request_error", "budgets_not_enforced", null,
                    "No policy can enforce budgets: none in admit.plugins does and the bundled 'budget-standard' plugin is"
                            + " not loaded; put the budget-standard plugin jar in plugins.dir (" + pluginsDir
                            + ") and restart, then create the budget."));
            callback.done(true);
            return true;
        }
        return budgets.process(exchange, callback);
    }
}
