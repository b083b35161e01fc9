package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * An OpenAI assistant message as Anthropic blocks: its text, then one {@code tool_use} block per
 * {@code tool_calls} entry, whose {@code input} is the call's {@code arguments} string parsed back
 * into the JSON object it encodes.
 */
final class AssistantBlocks {

    private AssistantBlocks() {}

    static ArrayNode of(JsonNode message, String path) {
        ArrayNode blocks = Json.NODES.arrayNode();
        JsonNode toolCalls = message.get("tool_calls");
        boolean hasCalls = RequestFields.present(toolCalls);
        // content may be null when the assistant only called tools
        ContentBlocks.addText(blocks, ContentBlocks.text(Conversation.content(message, path, !hasCalls), path + ".content"));
        if (RequestFields.present(message.get("function_call"))) {
            throw RequestFields.refuse(path + ".function_call", "legacy function_call is not translated; use tool_calls");
        }
        if (!hasCalls) {
            return blocks;
        }
        if (!toolCalls.isArray()) {
            throw RequestFields.refuse(path + ".tool_calls", "must be an array");
        }
        for (int i = 0; i < toolCalls.size(); i++) {
            blocks.add(toolUse(toolCalls.get(i), path + ".tool_calls[" + i + "]"));
        }
        return blocks;
    }

    private static ObjectNode toolUse(JsonNode call, String path) {
        if (!call.isObject()) {
            throw RequestFields.refuse(path, "must be an object");
        }
        JsonNode type = call.get("type");
        if (RequestFields.present(type) && !"function".equals(type.asText())) {
            throw RequestFields.refuse(path + ".type", "only function tool calls are translated, got '" + type.asText() + "'");
        }
        String id = RequestFields.requiredText(call, "id", path + ".id");
        JsonNode function = call.get("function");
        if (function == null || !function.isObject()) {
            throw RequestFields.refuse(path + ".function", "required: an object with name and arguments");
        }
        ObjectNode block = Json.object().put("type", "tool_use").put("id", id);
        block.put("name", RequestFields.requiredText(function, "name", path + ".function.name"));
        block.set("input", input(function.get("arguments"), path + ".function.arguments"));
        return block;
    }

    private static JsonNode input(JsonNode arguments, String path) {
        if (!RequestFields.present(arguments) || (arguments.isTextual() && arguments.asText().isBlank())) {
            return Json.object(); // a call without arguments
        }
        if (!arguments.isTextual()) {
            throw RequestFields.refuse(path, "must be a string holding a JSON object");
        }
        try {
            JsonNode parsed = Json.MAPPER.readTree(arguments.asText());
            if (parsed instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException | RuntimeException malformed) {
            // reported below
        }
        throw RequestFields.refuse(path, "must be a JSON object encoded as a string (Anthropic tool input is an object)");
    }
}
