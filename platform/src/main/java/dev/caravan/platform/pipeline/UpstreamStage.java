package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.RequestState;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.platform.routing.Candidate;
import dev.caravan.platform.routing.RouteFacts;
import dev.caravan.platform.routing.RoutePlanner;
import dev.caravan.platform.routing.TargetBreakers;
import dev.caravan.platform.upstream.ProviderRegistry;
import dev.caravan.platform.upstream.UpstreamClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Stage {@code callUpstream}: plans the targets of the request's alias (strategy, nesting) and
 * tries them through their provider adapters and the shared asynchronous client, with retries,
 * fallbacks and circuit breakers (see {@link RoutedCall}). A complete answer becomes the response
 * body; a stream becomes an SSE response fed after the route has finished, and its receipt is
 * written when the stream ends.
 */
public final class UpstreamStage extends AsyncProcessorSupport {

    private final ProviderRegistry providers;
    private final UpstreamClient client;
    private final ReceiptRecorder receipts;
    private final RoutePlanner planner;
    private final TargetBreakers breakers;

    public UpstreamStage(ProviderRegistry providers, UpstreamClient client, ReceiptRecorder receipts,
            RoutePlanner planner, TargetBreakers breakers) {
        this.providers = providers;
        this.client = client;
        this.receipts = receipts;
        this.planner = planner;
        this.breakers = breakers;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            RequestState state = RequestState.of(exchange);
            List<Candidate> plan = planner.plan(state.route(), facts(state));
            new RoutedCall(exchange, state, plan, callback, providers, client, receipts, breakers).start();
            return false;
        } catch (RuntimeException e) {
            // A planning or adapter bug must fail this request with a 500, not leave it waiting.
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    private static RouteFacts facts(RequestState state) {
        Map<String, Object> params = new LinkedHashMap<>();
        state.body().fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isNumber()) {
                params.put(field.getKey(), value.numberValue());
            } else if (value.isTextual() || value.isBoolean()) {
                params.put(field.getKey(), value.isBoolean() ? value.booleanValue() : value.textValue());
            }
        });
        return new RouteFacts(state.context().metadata(), state.key().tenantId(), state.key().name(),
                state.requestedModel(), params);
    }
}
