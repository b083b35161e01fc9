package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI's JSON modes ({@code response_format} {@code json_schema} or {@code json_object}) served
 * by Anthropic's documented technique: one forced tool whose {@code input_schema} is the wanted
 * schema. The answer's {@code tool_use.input} then becomes the assistant's {@code content} (see
 * {@link ChatResponseTranslator} and {@link ChatStreamTranslator}), so the client sees a plain JSON
 * answer with {@code finish_reason: stop}, as from OpenAI.
 *
 * <p>A client's own tools together with a JSON mode are refused: the forced tool would keep the
 * model from ever calling them, an answer that silently ignored what was asked.
 */
final class JsonMode {

    static final String DEFAULT_TOOL = "json_output";
    static final String DESCRIPTION = "Respond with JSON matching this schema";

    private JsonMode() {}

    /** True when {@code chat} asks for a JSON mode (after {@link ChatParameters#check} accepted it). */
    static boolean requested(JsonNode chat) {
        String type = chat.path("response_format").path("type").asText("");
        return "json_schema".equals(type) || "json_object".equals(type);
    }

    /** Checks {@code response_format}; null when it asks for no JSON mode. */
    static ObjectNode forcedTool(JsonNode chat) {
        JsonNode format = chat.get("response_format");
        if (!RequestFields.present(format)) {
            return null;
        }
        if (!format.isObject()) {
            throw RequestFields.refuse("response_format", "must be an object");
        }
        String type = RequestFields.requiredText(format, "type", "response_format.type");
        ObjectNode tool = Json.object();
        switch (type) {
            case "text" -> {
                return null;
            }
            case "json_object" -> {
                tool.put("name", DEFAULT_TOOL);
                tool.put("description", DESCRIPTION);
                tool.putObject("input_schema").put("type", "object");
            }
            case "json_schema" -> {
                JsonNode spec = format.get("json_schema");
                if (spec == null || !spec.isObject()) {
                    throw RequestFields.refuse("response_format.json_schema", "required: an object with a name and a schema");
                }
                JsonNode name = spec.get("name");
                if (RequestFields.present(name) && (!name.isTextual() || !name.asText().matches("[a-zA-Z0-9_-]{1,64}"))) {
                    throw RequestFields.refuse("response_format.json_schema.name", "must be 1 to 64 letters, digits, '_' or '-'");
                }
                tool.put("name", RequestFields.present(name) ? name.asText() : DEFAULT_TOOL);
                JsonNode description = spec.get("description");
                tool.put("description", RequestFields.present(description) && description.isTextual()
                        ? DESCRIPTION + ": " + description.asText() : DESCRIPTION);
                tool.set("input_schema", schema(spec.get("schema")));
            }
            default -> throw RequestFields.refuse("response_format.type",
                    "must be text, json_object or json_schema, got '" + type + "'");
        }
        return tool;
    }

    /** Anthropic tool input must be an object schema, so a JSON mode whose root is not an object is refused. */
    private static JsonNode schema(JsonNode schema) {
        if (!RequestFields.present(schema)) {
            return Json.object().put("type", "object");
        }
        if (!schema.isObject()) {
            throw RequestFields.refuse("response_format.json_schema.schema", "must be a JSON Schema object");
        }
        JsonNode type = schema.get("type");
        if (RequestFields.present(type) && !"object".equals(type.asText())) {
            throw RequestFields.refuse("response_format.json_schema.schema.type",
                    "Anthropic can only be asked for a JSON object, got '" + type.asText() + "'");
        }
        if (!RequestFields.present(type)) {
            ObjectNode typed = Json.object().put("type", "object");
            typed.setAll((ObjectNode) schema);
            return typed;
        }
        return schema;
    }

    /** The finish reason of a JSON-mode answer: the forced tool's {@code tool_use} is the answer ending normally. */
    static String finishReason(String stopReason) {
        return "tool_use".equals(stopReason) ? "stop" : FinishReason.of(stopReason);
    }

    /** Sets the forced tool on {@code messages}, refusing a request that also has its own tools. */
    static void apply(ObjectNode chat, ObjectNode messages) {
        ObjectNode tool = forcedTool(chat);
        if (tool == null) {
            return;
        }
        JsonNode tools = chat.get("tools");
        boolean ownTools = RequestFields.present(tools) && !(tools.isArray() && tools.isEmpty());
        if (ownTools) {
            throw RequestFields.refuse("response_format", "a JSON mode cannot be combined with tools "
                    + "when the model is served by Anthropic (it is served with a forced tool); send one or the other");
        }
        messages.putArray("tools").add(tool);
        messages.putObject("tool_choice").put("type", "tool").put("name", tool.get("name").asText());
    }
}
