package dev.caravan.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Translates OpenAI {@code messages} into Gemini's {@code systemInstruction} and {@code contents}.
 * System and developer messages (wherever they stand) join the system instruction; user messages
 * become {@code user} contents; assistant messages become {@code model} contents with their text
 * and {@code functionCall} parts; tool results become {@code functionResponse} parts of a
 * {@code user} content, named after the earlier tool call whose id they answer. Consecutive
 * contents of one role are merged, so parallel tool results reach Gemini as one turn.
 */
final class ConversationTranslator {

    private final boolean placeholderSignatures;
    private final ArrayNode contents = Json.NODES.arrayNode();
    private final StringBuilder system = new StringBuilder();
    /** tool_call id → function name, from the latest assistant message that used the id */
    private final Map<String, String> toolNames = new HashMap<>();

    /** @param model the upstream model (decides whether replayed calls need a signature placeholder) */
    ConversationTranslator(String model) {
        this.placeholderSignatures = ThoughtSignatures.validatedBy(model);
    }

    /** Adds {@code systemInstruction} and {@code contents} for {@code messages} to the Gemini request. */
    void translate(JsonNode messages, ObjectNode request) {
        if (RequestFields.unset(messages) || RequestFields.array(messages, "messages").isEmpty()) {
            throw RequestFields.unsupported("messages", "at least one message is required");
        }
        for (int i = 0; i < messages.size(); i++) {
            message(RequestFields.object(messages.get(i), "messages[" + i + "]"), "messages[" + i + "]");
        }
        if (system.length() > 0) {
            request.putObject("systemInstruction").putArray("parts").addObject().put("text", system.toString());
        }
        if (contents.isEmpty()) {
            throw RequestFields.unsupported("messages", "Gemini needs at least one user, assistant or tool message besides system messages");
        }
        request.set("contents", contents);
    }

    private void message(JsonNode message, String path) {
        String role = RequestFields.text(message.path("role"), path + ".role");
        switch (role) {
            case "system", "developer" -> appendSystem(ContentParts.textOnly(message.get("content"), path + ".content"));
            case "user" -> user(message, path);
            case "assistant" -> assistant(message, path);
            case "tool" -> toolResult(message, path);
            default -> throw RequestFields.unsupported(path + ".role", "role '" + role + "' cannot be sent to Gemini");
        }
    }

    private void appendSystem(String text) {
        if (!text.isEmpty()) {
            system.append(system.length() == 0 ? "" : "\n\n").append(text);
        }
    }

    private void user(JsonNode message, String path) {
        ArrayNode parts = Json.NODES.arrayNode();
        ContentParts.append(message.get("content"), path + ".content", parts);
        if (parts.isEmpty()) {
            throw RequestFields.unsupported(path + ".content", "Gemini refuses an empty user message");
        }
        parts("user").addAll(parts);
    }

    private void assistant(JsonNode message, String path) {
        ArrayNode parts = Json.NODES.arrayNode();
        ContentParts.append(message.get("content"), path + ".content", parts);
        JsonNode toolCalls = message.get("tool_calls");
        if (!RequestFields.unset(toolCalls)) {
            RequestFields.array(toolCalls, path + ".tool_calls");
            boolean anySignature = false;
            int first = parts.size();
            for (int j = 0; j < toolCalls.size(); j++) {
                ObjectNode call = functionCall(toolCalls.get(j), path + ".tool_calls[" + j + "]");
                anySignature |= call.has("thoughtSignature");
                parts.add(call);
            }
            if (!anySignature && placeholderSignatures && parts.size() > first) {
                ((ObjectNode) parts.get(first)).put("thoughtSignature", ThoughtSignatures.PLACEHOLDER);
            }
        }
        if (!RequestFields.unset(message.get("function_call"))) {
            throw RequestFields.unsupported(path + ".function_call", "the deprecated function_call is not translated; use tool_calls");
        }
        if (!parts.isEmpty()) {
            parts("model").addAll(parts);
        }
    }

    private ObjectNode functionCall(JsonNode toolCall, String path) {
        RequestFields.object(toolCall, path);
        String id = RequestFields.text(toolCall.path("id"), path + ".id");
        JsonNode function = RequestFields.object(toolCall.path("function"), path + ".function");
        String name = RequestFields.text(function.path("name"), path + ".function.name");
        toolNames.put(id, name);
        ObjectNode part = Json.NODES.objectNode();
        part.putObject("functionCall").put("name", name).set("args", arguments(function.path("arguments"), path + ".function.arguments"));
        String signature = ThoughtSignatures.fromToolCall(toolCall);
        if (signature != null) {
            part.put("thoughtSignature", signature);
        }
        return part;
    }

    /** OpenAI sends arguments as a JSON string; Gemini wants the object. */
    private static JsonNode arguments(JsonNode arguments, String path) {
        String text = RequestFields.unset(arguments) ? "" : RequestFields.text(arguments, path);
        if (text.isBlank()) {
            return Json.NODES.objectNode();
        }
        JsonNode parsed = Json.parseOrNull(text);
        if (parsed == null || !parsed.isObject()) {
            throw RequestFields.unsupported(path, "must be a JSON object in a string");
        }
        return parsed;
    }

    private void toolResult(JsonNode message, String path) {
        String id = RequestFields.text(message.path("tool_call_id"), path + ".tool_call_id");
        String name = toolNames.get(id);
        if (name == null) {
            throw RequestFields.unsupported(path + ".tool_call_id", "no earlier assistant tool call has the id '" + id + "'");
        }
        String text = ContentParts.textOnly(message.get("content"), path + ".content");
        parts("user").addObject().putObject("functionResponse").put("name", name).set("response", responseObject(text));
    }

    /** Gemini's function response must be an object: a JSON object result is sent as is, anything else as {"result": ...}. */
    private static ObjectNode responseObject(String text) {
        JsonNode parsed = Json.parseOrNull(text);
        if (parsed != null && parsed.isObject()) {
            return (ObjectNode) parsed;
        }
        ObjectNode wrapped = Json.NODES.objectNode();
        if (parsed != null && !parsed.isMissingNode() && !text.isBlank()) {
            wrapped.set("result", parsed);
        } else {
            wrapped.put("result", text);
        }
        return wrapped;
    }

    /** The parts of the last content when it has {@code role}, else of a new content with that role. */
    private ArrayNode parts(String role) {
        JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
        if (last != null && role.equals(last.path("role").asText())) {
            return (ArrayNode) last.get("parts");
        }
        ObjectNode content = contents.addObject();
        content.put("role", role);
        return content.putArray("parts");
    }
}
