package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.platform.families.RequestNeeds;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code parseImages}: reads an OpenAI image generation request
 * ({@code POST /v1/images/generations}) and checks {@code model} (required here: it names the
 * alias), {@code prompt} and {@code n}. Partial-image streaming is not offered by the gateway.
 */
public final class ImagesRequestStage implements Processor {

    private final ObjectMapper json;

    public ImagesRequestStage(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        RequestState state = RequestState.of(exchange);
        ObjectNode body = ChatRequestStage.readObject(json, IngressStage.request(exchange));
        String model = ChatRequestStage.requireString(body, "model", "the gateway routes image requests by model alias");
        JsonNode prompt = OpenAiFields.required(body, "prompt");
        if (!prompt.isTextual() || prompt.asText().isBlank()) {
            throw GatewayException.badRequest("prompt", "Invalid 'prompt': expected a non-empty string.");
        }
        JsonNode n = body.get("n");
        if (n != null && !n.isNull() && (!n.isIntegralNumber() || n.asInt() < 1 || n.asInt() > 10)) {
            throw GatewayException.badRequest("n", "Invalid 'n': expected an integer from 1 to 10.");
        }
        if (OpenAiFields.stream(body)) {
            throw GatewayException.badRequest("stream", "Invalid 'stream': the gateway does not stream image generation; omit it or send false.");
        }
        state.family(ApiFamily.IMAGES);
        state.body(body);
        state.requestedModel(model);
        state.stream(false);
        state.needs(new RequestNeeds(false, false, false));
    }
}
