package dev.caravan.platform.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stages {@code health} (liveness: the process serves HTTP) and {@code ready} (storage reachable
 * and plugins loaded; 503 otherwise). Readiness comes from a probe that runs in the background,
 * so these answer without I/O.
 */
public final class HealthEndpoint implements Processor {

    private final BooleanSupplier storageUp;
    private final BooleanSupplier pluginsUp;
    private final boolean readiness;

    private HealthEndpoint(BooleanSupplier storageUp, BooleanSupplier pluginsUp, boolean readiness) {
        this.storageUp = storageUp;
        this.pluginsUp = pluginsUp;
        this.readiness = readiness;
    }

    public static HealthEndpoint liveness() {
        return new HealthEndpoint(() -> true, () -> true, false);
    }

    public static HealthEndpoint readiness(BooleanSupplier storageUp, BooleanSupplier pluginsUp) {
        return new HealthEndpoint(storageUp, pluginsUp, true);
    }

    @Override
    public void process(Exchange exchange) {
        if (!readiness) {
            HttpResponses.json(exchange, 200, "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        boolean storage = storageUp.getAsBoolean();
        boolean plugins = pluginsUp.getAsBoolean();
        boolean ready = storage && plugins;
        String body = "{\"status\":\"" + (ready ? "ready" : "not_ready") + "\",\"checks\":{\"storage\":\""
                + (storage ? "up" : "down") + "\",\"plugins\":\"" + (plugins ? "up" : "down") + "\"}}";
        HttpResponses.json(exchange, ready ? 200 : 503, body.getBytes(StandardCharsets.UTF_8));
    }
}
