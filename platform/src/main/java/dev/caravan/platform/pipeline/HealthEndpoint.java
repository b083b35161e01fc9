package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.HttpResponses;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stages {@code health} (liveness: the process serves HTTP and is not broken) and {@code ready}
 * (that, plus storage reachable and plugins loaded). A node is broken when a part it cannot serve
 * without has died (the receipt writer's thread) or a fatal error was seen (an
 * {@code OutOfMemoryError} on any thread): both answer 503 with the reasons, so an orchestrator
 * restarts it instead of sending it traffic that would be lost. Readiness of storage comes from a
 * probe that runs in the background, so these answer without I/O.
 */
public final class HealthEndpoint implements Processor {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BooleanSupplier storageUp;
    private final BooleanSupplier pluginsUp;
    private final Supplier<List<String>> problems;
    private final boolean readiness;

    private HealthEndpoint(BooleanSupplier storageUp, BooleanSupplier pluginsUp, Supplier<List<String>> problems, boolean readiness) {
        this.storageUp = storageUp;
        this.pluginsUp = pluginsUp;
        this.problems = problems;
        this.readiness = readiness;
    }

    /** @param problems why the node is broken; empty when it is not */
    public static HealthEndpoint liveness(Supplier<List<String>> problems) {
        return new HealthEndpoint(() -> true, () -> true, problems, false);
    }

    public static HealthEndpoint readiness(BooleanSupplier storageUp, BooleanSupplier pluginsUp, Supplier<List<String>> problems) {
        return new HealthEndpoint(storageUp, pluginsUp, problems, true);
    }

    @Override
    public void process(Exchange exchange) {
        List<String> broken = problems.get();
        ObjectNode body = JSON.createObjectNode();
        if (!readiness) {
            body.put("status", broken.isEmpty() ? "ok" : "broken");
            if (!broken.isEmpty()) {
                body.putPOJO("problems", broken);
            }
            HttpResponses.json(exchange, broken.isEmpty() ? 200 : 503, bytes(body));
            return;
        }
        boolean storage = storageUp.getAsBoolean();
        boolean plugins = pluginsUp.getAsBoolean();
        boolean ready = storage && plugins && broken.isEmpty();
        body.put("status", ready ? "ready" : "not_ready");
        ObjectNode checks = body.putObject("checks");
        checks.put("storage", storage ? "up" : "down").put("plugins", plugins ? "up" : "down")
                .put("node", broken.isEmpty() ? "up" : "broken");
        if (!broken.isEmpty()) {
            body.putPOJO("problems", broken);
        }
        HttpResponses.json(exchange, ready ? 200 : 503, bytes(body));
    }

    private static byte[] bytes(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
