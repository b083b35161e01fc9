package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.platform.families.RequestNeeds;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code parseMessages}: reads an Anthropic Messages request ({@code POST /v1/messages}) and
 * checks the {@code anthropic-version} header and the fields the API requires: {@code model},
 * {@code max_tokens}, {@code messages} (roles, content string or blocks), {@code system},
 * {@code stream} and {@code tools}, and the types of the other fields of {@link #FIELDS}. Messages start with the field, as Anthropic's do. The
 * {@link #forCountTokens} variant ({@code parseCountTokens}, {@code POST /v1/messages/count_tokens})
 * checks the same fields except {@code max_tokens}, which that endpoint does not take.
 */
public final class MessagesRequestStage implements Processor {

    public static final String VERSION_HEADER = "anthropic-version";
    /** Anthropic versions are dates; the SDKs send {@code 2023-06-01}. */
    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** The other fields of Anthropic's Messages request the gateway reads or forwards, typed as Anthropic types them. */
    static final List<FieldTypes.Rule> FIELDS = List.of(
            FieldTypes.number("temperature", 0, 1),
            FieldTypes.number("top_p", 0, 1),
            FieldTypes.integer("top_k", 0, Integer.MAX_VALUE),
            FieldTypes.strings("stop_sequences"),
            FieldTypes.typedObject("tool_choice"),
            FieldTypes.object("metadata"),
            FieldTypes.typedObject("thinking"),
            FieldTypes.string("service_tier"),
            FieldTypes.array("mcp_servers"),
            FieldTypes.string("container"));

    private final ObjectMapper json;
    private final boolean maxTokensRequired;

    public MessagesRequestStage(ObjectMapper json) {
        this(json, true);
    }

    private MessagesRequestStage(ObjectMapper json, boolean maxTokensRequired) {
        this.json = json;
        this.maxTokensRequired = maxTokensRequired;
    }

    /** For {@code /v1/messages/count_tokens}: the request of a message, without {@code max_tokens}. */
    public static MessagesRequestStage forCountTokens(ObjectMapper json) {
        return new MessagesRequestStage(json, false);
    }

    @Override
    public void process(Exchange exchange) {
        RequestState state = RequestState.of(exchange);
        String version = IngressStage.request(exchange).headers().get(VERSION_HEADER);
        if (version != null && !VERSION.matcher(version.trim()).matches()) {
            throw GatewayException.badRequest(VERSION_HEADER, VERSION_HEADER + ": invalid header value; expected a version date such as 2023-06-01.");
        }
        state.clientBetas(AnthropicBetaHeader.parse(IngressStage.request(exchange).headers().get(AnthropicBetaHeader.NAME)));
        ObjectNode body = ChatRequestStage.readObject(json, IngressStage.request(exchange));
        String model = text(body, "model");
        if (maxTokensRequired) {
            JsonNode maxTokens = required(body, "max_tokens");
            if (!maxTokens.isIntegralNumber() || !maxTokens.canConvertToLong() || maxTokens.asLong() < 1
                    || maxTokens.asLong() > OpenAiFields.MAX_OUTPUT_TOKENS) {
                throw bad("max_tokens", "expected an integer from 1 to " + OpenAiFields.MAX_OUTPUT_TOKENS);
            }
        }
        messages(required(body, "messages"));
        system(body.get("system"));
        tools(body.get("tools"));
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw bad("stream", "expected a boolean, got " + type(stream));
        }
        FieldTypes.check(body, FIELDS, FieldTypes.ANTHROPIC);
        boolean streaming = stream != null && stream.asBoolean();
        state.family(ApiFamily.MESSAGES);
        state.body(body);
        state.requestedModel(model);
        state.stream(streaming);
        state.needs(RequestNeeds.of(ApiFamily.MESSAGES, body, streaming));
    }

    private static void messages(JsonNode messages) {
        if (!messages.isArray() || messages.isEmpty()) {
            throw bad("messages", "expected a non-empty array of messages");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String path = "messages." + i;
            if (!message.isObject()) {
                throw bad(path, "expected an object");
            }
            String role = message.path("role").asText("");
            if (!role.equals("user") && !role.equals("assistant")) {
                throw bad(path + ".role", "expected 'user' or 'assistant'");
            }
            content(message.get("content"), path + ".content");
        }
    }

    private static void content(JsonNode content, String path) {
        if (content == null || content.isNull()) {
            throw bad(path, "field required");
        }
        if (content.isTextual()) {
            return;
        }
        if (!content.isArray()) {
            throw bad(path, "expected a string or an array of content blocks");
        }
        for (int i = 0; i < content.size(); i++) {
            if (!content.get(i).isObject() || !content.get(i).path("type").isTextual()) {
                throw bad(path + "." + i, "expected a content block object with a 'type'");
            }
        }
    }

    private static void system(JsonNode system) {
        if (system == null || system.isNull() || system.isTextual()) {
            return;
        }
        if (!system.isArray()) {
            throw bad("system", "expected a string or an array of text blocks");
        }
        for (int i = 0; i < system.size(); i++) {
            if (!"text".equals(system.get(i).path("type").asText())) {
                throw bad("system." + i, "expected a text block");
            }
        }
    }

    private static void tools(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return;
        }
        if (!tools.isArray()) {
            throw bad("tools", "expected an array");
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (!tool.isObject() || !tool.path("name").isTextual()) {
                throw bad("tools." + i + ".name", "field required");
            }
            boolean custom = !tool.hasNonNull("type") || "custom".equals(tool.path("type").asText());
            if (custom && !tool.path("input_schema").isObject()) {
                throw bad("tools." + i + ".input_schema", "field required");
            }
        }
    }

    private static JsonNode required(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw bad(field, "field required");
        }
        return value;
    }

    private static String text(ObjectNode body, String field) {
        JsonNode value = required(body, field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw bad(field, "expected a non-empty string");
        }
        return value.asText();
    }

    private static String type(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static GatewayException bad(String field, String message) {
        return GatewayException.badRequest(field, field + ": " + message);
    }
}
