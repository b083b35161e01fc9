package dev.caravan.platform.stage;

import dev.caravan.api.stage.StageRequest;
import dev.caravan.platform.exchange.RequestHeaders;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.exchange.StageChoices;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;

/** The {@link StageRequest} a custom stage gets: built from the request state and the Camel message, as copies. */
final class StageInput {

    private StageInput() {}

    static StageRequest of(Exchange exchange, RequestState state) {
        return new StageRequest(state.traceId(), state.endpoint(), state.key().tenantId(), state.key().id(), state.key().name(),
                state.requestedModel(), StageChoices.currentAlias(state), headers(exchange),
                state.body() == null ? null : state.body().deepCopy(), StageChoices.currentMetadata(state));
    }

    /**
     * The message headers the route sees (ingress mapped them: never credentials), lower case. Camel's
     * own headers are left out, and credentials again, in case a route step set one.
     */
    private static Map<String, String> headers(Exchange exchange) {
        Map<String, String> headers = new HashMap<>();
        exchange.getMessage().getHeaders().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (value != null && !lower.startsWith("camel") && !lower.startsWith("org.apache.camel")
                    && !RequestHeaders.CREDENTIALS.contains(lower)) {
                headers.putIfAbsent(lower, value.toString());
            }
        });
        return headers;
    }
}
