package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.platform.families.RequestNeeds;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code parseResponses}: reads an OpenAI Responses API request ({@code POST /v1/responses})
 * and checks {@code model}, {@code input} (a string or an array of items), {@code instructions},
 * {@code stream}, {@code tools} and {@code max_output_tokens}, and the types of the other fields of
 * {@link #FIELDS}; the rest passes to the target as is.
 */
public final class ResponsesRequestStage implements Processor {

    /** The other fields of OpenAI's CreateResponse the gateway reads or forwards, typed as OpenAI types them. */
    static final List<FieldTypes.Rule> FIELDS = List.of(
            FieldTypes.number("temperature", 0, 2),
            FieldTypes.number("top_p", 0, 1),
            FieldTypes.stringOrObject("tool_choice"),
            FieldTypes.object("text"),
            FieldTypes.bool("store"),
            FieldTypes.string("previous_response_id"),
            FieldTypes.stringMap("metadata"),
            FieldTypes.bool("parallel_tool_calls"),
            FieldTypes.oneOf("truncation", "auto", "disabled"),
            FieldTypes.string("user"),
            FieldTypes.object("reasoning"),
            FieldTypes.strings("include"),
            FieldTypes.bool("background"),
            FieldTypes.integer("max_tool_calls", 1, OpenAiFields.MAX_OUTPUT_TOKENS),
            FieldTypes.string("service_tier"),
            FieldTypes.integer("top_logprobs", 0, 20),
            FieldTypes.object("prompt"),
            FieldTypes.string("prompt_cache_key"),
            FieldTypes.string("safety_identifier"),
            FieldTypes.object("stream_options"),
            FieldTypes.stringOrObject("conversation"));

    private final ObjectMapper json;

    public ResponsesRequestStage(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        RequestState state = RequestState.of(exchange);
        ObjectNode body = ChatRequestStage.readObject(json, IngressStage.request(exchange));
        String model = ChatRequestStage.requireString(body, "model", "you must provide a model parameter");
        JsonNode input = OpenAiFields.required(body, "input");
        if (input.isArray()) {
            if (input.isEmpty()) {
                throw GatewayException.badRequest("input", "Invalid 'input': expected a non-empty array of items.");
            }
            for (int i = 0; i < input.size(); i++) {
                if (!input.get(i).isObject()) {
                    throw GatewayException.badRequest("input[" + i + "]", "Invalid 'input[" + i + "]': expected an object.");
                }
            }
        } else if (!input.isTextual()) {
            throw OpenAiFields.invalidType("input", "a string or an array of input items", input);
        }
        OpenAiFields.optionalString(body, "instructions");
        OpenAiFields.generationLimits(body);
        OpenAiFields.tools(body);
        boolean stream = OpenAiFields.stream(body);
        FieldTypes.check(body, FIELDS, FieldTypes.OPENAI);
        state.family(ApiFamily.RESPONSES);
        state.body(body);
        state.requestedModel(model);
        state.stream(stream);
        state.needs(RequestNeeds.of(ApiFamily.RESPONSES, body, stream));
    }
}
