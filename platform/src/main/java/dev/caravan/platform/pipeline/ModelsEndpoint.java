package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.HttpResponses;
import dev.caravan.platform.exchange.RequestState;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ModelAlias;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code listModels}: {@code GET /v1/models} and {@code GET /v1/models/{id}} with only the
 * aliases the calling key may use. OpenAI clients get OpenAI's model objects (with a
 * {@code caravan} object, strategy and targets, that they ignore); a request that carries
 * {@code anthropic-version} or {@code x-api-key} is an Anthropic client's and gets Anthropic's
 * shape ({@code type: model}, {@code display_name}, {@code created_at}; the list pages by
 * {@code limit}, {@code before_id}, {@code after_id}). An alias the key may not use is a 404, the
 * same as one that does not exist, so a key learns nothing about other keys' aliases.
 */
public final class ModelsEndpoint implements Processor {

    private static final String PREFIX = "/v1/models/";

    private final CaravanConfig config;
    private final ObjectMapper json;
    private final Instant created = Instant.ofEpochSecond(System.currentTimeMillis() / 1000);

    public ModelsEndpoint(CaravanConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        RequestState state = RequestState.of(exchange);
        FullHttpRequest request = IngressStage.request(exchange);
        boolean anthropic = isAnthropicClient(request);
        List<ModelAlias> usable = config.models().stream().filter(a -> state.key().mayUse(a.alias())).toList();
        ObjectNode answer;
        if (state.endpoint().startsWith(PREFIX)) {
            String id = QueryStringDecoder.decodeComponent(state.endpoint().substring(PREFIX.length()));
            ModelAlias alias = find(usable, id).orElseThrow(() -> notFound(id));
            answer = anthropic ? anthropicModel(alias) : openAiModel(alias);
        } else if (!state.endpoint().equals("/v1/models")) {
            // the route matches on the prefix (for /v1/models/{id}), which also lets /v1/modelsX in
            throw new GatewayException(404, "invalid_request_error", "unknown_url", null,
                    "Unknown request URL: GET " + state.endpoint() + ".");
        } else {
            answer = anthropic ? AnthropicModelPage.of(usable, exchange, json, this::anthropicModel) : openAiList(usable);
        }
        HttpResponses.json(exchange, 200, json.writeValueAsBytes(answer));
    }

    /** Anthropic's SDKs always send {@code anthropic-version}; their key travels in {@code x-api-key}. */
    public static boolean isAnthropicClient(FullHttpRequest request) {
        return request.headers().contains("anthropic-version") || request.headers().contains("x-api-key");
    }

    private static Optional<ModelAlias> find(List<ModelAlias> usable, String id) {
        return usable.stream().filter(a -> a.alias().equals(id)).findFirst();
    }

    private static GatewayException notFound(String id) {
        return new GatewayException(404, "invalid_request_error", "model_not_found", "model",
                "The model '" + id + "' does not exist or you do not have access to it.");
    }

    private ObjectNode openAiList(List<ModelAlias> usable) {
        ObjectNode list = json.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        usable.forEach(alias -> data.add(openAiModel(alias)));
        return list;
    }

    private ObjectNode openAiModel(ModelAlias alias) {
        ObjectNode model = json.createObjectNode()
                .put("id", alias.alias())
                .put("object", "model")
                .put("created", created.getEpochSecond())
                .put("owned_by", "caravan");
        model.putObject("caravan").put("strategy", alias.strategy()).put("targets", alias.targets().size());
        return model;
    }

    private ObjectNode anthropicModel(ModelAlias alias) {
        return json.createObjectNode()
                .put("type", "model")
                .put("id", alias.alias())
                .put("display_name", alias.alias())
                .put("created_at", created.toString());
    }
}
