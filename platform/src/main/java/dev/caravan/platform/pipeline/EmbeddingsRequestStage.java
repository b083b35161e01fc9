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
 * Stage {@code parseEmbeddings}: reads an OpenAI embeddings request ({@code POST /v1/embeddings})
 * and checks {@code model}, {@code input} (a string, or a non-empty array of strings, of token
 * integers or of token arrays), {@code encoding_format} and {@code dimensions}.
 */
public final class EmbeddingsRequestStage implements Processor {

    private final ObjectMapper json;

    public EmbeddingsRequestStage(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        RequestState state = RequestState.of(exchange);
        ObjectNode body = ChatRequestStage.readObject(json, IngressStage.request(exchange));
        String model = ChatRequestStage.requireString(body, "model", "you must provide a model parameter");
        checkInput(OpenAiFields.required(body, "input"));
        JsonNode format = body.get("encoding_format");
        if (format != null && !format.isNull() && !"float".equals(format.asText()) && !"base64".equals(format.asText())) {
            throw GatewayException.badRequest("encoding_format", "Invalid 'encoding_format': expected 'float' or 'base64'.");
        }
        OpenAiFields.optionalPositiveInt(body, "dimensions");
        state.family(ApiFamily.EMBEDDINGS);
        state.body(body);
        state.requestedModel(model);
        state.stream(false);
        state.needs(new RequestNeeds(false, false, false));
    }

    private static void checkInput(JsonNode input) {
        if (input.isTextual()) {
            return;
        }
        if (!input.isArray() || input.isEmpty()) {
            throw GatewayException.badRequest("input",
                    "Invalid 'input': expected a string or a non-empty array of strings, token integers or token arrays.");
        }
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            boolean tokens = item.isArray() && !item.isEmpty();
            for (JsonNode token : item) {
                tokens &= token.isIntegralNumber();
            }
            if (!item.isTextual() && !item.isIntegralNumber() && !tokens) {
                throw GatewayException.badRequest("input[" + i + "]",
                        "Invalid 'input[" + i + "]': expected a string, a token integer or a non-empty array of token integers.");
            }
        }
    }
}
