package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.exchange.StageChoices;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.api.RequestContext;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ModelAlias;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code resolveAlias}: maps the requested model to a configured alias the calling key may
 * use (404 {@code model_not_found} otherwise, without telling which) and fixes the request context,
 * including caller metadata from the {@code x-caravan-metadata} header. A custom stage that ran before
 * it may have chosen the alias and set metadata ({@link StageChoices}): those win.
 * Then every scoped control
 * is matched once ({@link ScopedControls}) and the result kept for the stages that follow.
 */
public final class ResolveAliasStage implements Processor {

    public static final String METADATA_HEADER = "x-caravan-metadata";
    public static final String ROUTE_HEADER = "x-caravan-route";
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    private final CaravanConfig config;
    private final ObjectMapper json;
    private final ScopedControls controls;

    public ResolveAliasStage(CaravanConfig config, ObjectMapper json, ScopedControls controls) {
        this.config = config;
        this.json = json;
        this.controls = controls;
    }

    @Override
    public void process(Exchange exchange) {
        RequestState state = RequestState.of(exchange);
        String chosen = StageChoices.chosenAlias(state);
        String model = chosen != null ? chosen : state.requestedModel();
        ModelAlias alias = config.alias(model)
                .filter(a -> state.key().mayUse(a.alias()))
                .orElseThrow(() -> GatewayException.modelNotFound(model));
        state.alias(alias);
        String savedRoute = IngressStage.request(exchange).headers().get(ROUTE_HEADER);
        if (savedRoute != null && chosen == null) { // a custom stage's choice wins over a saved route
            state.route(config.savedRoute(savedRoute.trim()).orElseThrow(() -> GatewayException.badRequest(ROUTE_HEADER,
                    "Unknown saved route '" + savedRoute.trim() + "' in the '" + ROUTE_HEADER + "' header.")));
        }
        Map<String, String> metadata = metadata(IngressStage.request(exchange).headers().get(METADATA_HEADER));
        Map<String, String> fromStages = StageChoices.metadata(state);
        if (!fromStages.isEmpty()) {
            metadata = new java.util.HashMap<>(metadata);
            metadata.putAll(fromStages);
        }
        state.context(new RequestContext(state.traceId(), state.key().tenantId(), state.key().id(), state.key().name(),
                state.requestedModel(), metadata, state.receivedAt()));
        state.controls(controls.resolve(new dev.caravan.platform.config.Scope.RequestScope(state.key().tenantId(), state.key().name(),
                alias.alias(), metadata)));
        state.fixCaller(); // who called and what they asked for is settled: later stages only read it
    }

    private Map<String, String> metadata(String header) {
        if (header == null || header.isBlank()) {
            return Map.of();
        }
        Map<String, String> values;
        try {
            values = json.readValue(header, STRING_MAP);
        } catch (Exception e) {
            throw invalidMetadata();
        }
        if (values != null && values.containsValue(null)) {
            throw invalidMetadata(); // the request context's map holds no nulls
        }
        return values;
    }

    private static GatewayException invalidMetadata() {
        return GatewayException.badRequest(METADATA_HEADER,
                "Invalid '" + METADATA_HEADER + "' header: expected a JSON object of string values.");
    }
}
