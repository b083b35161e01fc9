package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.platform.families.RequestNeeds;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code parseChat}: reads an OpenAI chat completion request and checks the fields the
 * gateway relies on ({@code model}, {@code messages}, {@code stream}, the token caps) and the
 * type of every other field it reads or forwards ({@link #FIELDS}); unknown fields pass through
 * to the provider untouched. Also accepts a body a previous stage built (custom pipelines).
 */
public final class ChatRequestStage implements Processor {

    /** A custom stage may leave a ready request here instead of the HTTP body. */
    public static final String PREPARED_BODY = "caravan.preparedBody";

    /**
     * The other fields of OpenAI's CreateChatCompletionRequest the gateway reads (for estimates,
     * routing needs, translations) or forwards, typed as OpenAI types them.
     */
    static final java.util.List<FieldTypes.Rule> FIELDS = java.util.List.of(
            FieldTypes.number("temperature", 0, 2),
            FieldTypes.number("top_p", 0, 1),
            FieldTypes.number("frequency_penalty", -2, 2),
            FieldTypes.number("presence_penalty", -2, 2),
            FieldTypes.numberMap("logit_bias", -100, 100),
            FieldTypes.bool("logprobs"),
            FieldTypes.integer("top_logprobs", 0, 20),
            FieldTypes.stringOrStrings("stop", 4),
            FieldTypes.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE),
            FieldTypes.string("user"),
            FieldTypes.stringOrObject("tool_choice"),
            FieldTypes.bool("parallel_tool_calls"),
            FieldTypes.typedObject("response_format"),
            FieldTypes.object("stream_options"),
            FieldTypes.stringMap("metadata"),
            FieldTypes.bool("store"),
            FieldTypes.string("service_tier"),
            FieldTypes.strings("modalities"),
            FieldTypes.object("audio"),
            FieldTypes.typedObject("prediction"),
            FieldTypes.string("reasoning_effort"),
            FieldTypes.array("functions"),
            FieldTypes.stringOrObject("function_call"),
            FieldTypes.object("web_search_options"),
            FieldTypes.string("verbosity"),
            FieldTypes.string("prompt_cache_key"),
            FieldTypes.string("safety_identifier"));

    private final ObjectMapper json;

    public ChatRequestStage(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        RequestState state = RequestState.of(exchange);
        ObjectNode prepared = exchange.getProperty(PREPARED_BODY, ObjectNode.class);
        ObjectNode body = prepared != null ? prepared : readObject(json, IngressStage.request(exchange));
        String model = requireString(body, "model", "you must provide a model parameter");
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw GatewayException.badRequest("messages", "Missing required parameter: 'messages'.");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw GatewayException.badRequest("messages", "Invalid 'messages': expected a non-empty array of message objects.");
        }
        for (int i = 0; i < messages.size(); i++) {
            if (!messages.get(i).isObject()) {
                throw GatewayException.badRequest("messages[" + i + "]", "Invalid 'messages[" + i + "]': expected an object.");
            }
        }
        OpenAiFields.generationLimits(body);
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw GatewayException.badRequest("stream", "Invalid type for 'stream': expected a boolean, but got " + stream.getNodeType().name().toLowerCase() + ".");
        }
        OpenAiFields.tools(body);
        FieldTypes.check(body, FIELDS, FieldTypes.OPENAI);
        state.body(body);
        state.requestedModel(model);
        state.stream(stream != null && stream.asBoolean());
        state.family(ApiFamily.CHAT_COMPLETIONS);
        state.needs(RequestNeeds.of(ApiFamily.CHAT_COMPLETIONS, body, state.stream()));
    }

    /** Parses the request body as a JSON object, or fails with 400. */
    public static ObjectNode readObject(ObjectMapper json, FullHttpRequest request) {
        if (request.content().readableBytes() == 0) {
            throw GatewayException.badRequest(null, "The request body is empty; expected a JSON object.");
        }
        JsonNode node;
        try (ByteBufInputStream in = new ByteBufInputStream(request.content().duplicate());
                JsonParser parser = json.createParser((java.io.InputStream) in)) {
            node = json.readTree(parser);
            // Jackson stops after the first value; a second one ({"a":1}{"b":2}) or garbage after it
            // would be ignored here while another reader (a provider, a proxy) might take it.
            if (node != null && parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw GatewayException.badRequest(null, "We could not parse the JSON body of your request: unexpected content after the"
                        + " JSON object (line " + at.getLineNr() + ", column " + at.getColumnNr() + ").");
            }
        } catch (JsonProcessingException e) {
            // Limit violations (nesting depth, number length) come without a location.
            JsonLocation at = e.getLocation();
            throw GatewayException.badRequest(null, "We could not parse the JSON body of your request: " + e.getOriginalMessage()
                    + (at == null ? "." : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")."));
        } catch (IOException e) {
            throw GatewayException.badRequest(null, "We could not read the body of your request.");
        }
        if (node == null || !node.isObject()) {
            throw GatewayException.badRequest(null, "The request body must be a JSON object.");
        }
        return (ObjectNode) node;
    }

    static String requireString(ObjectNode body, String field, String missingMessage) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw GatewayException.badRequest(field, "Missing required parameter: '" + field + "'; " + missingMessage + ".");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw GatewayException.badRequest(field, "Invalid '" + field + "': expected a non-empty string.");
        }
        return value.asText();
    }
}
