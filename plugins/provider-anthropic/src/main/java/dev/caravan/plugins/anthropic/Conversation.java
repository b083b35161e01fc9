package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI {@code messages} as Anthropic {@code system} and {@code messages}.
 *
 * <p>Anthropic has one system prompt, outside the conversation: every system and developer message
 * goes there, in order (as one string, or as text blocks when there are several). Its conversation
 * has only user and assistant turns: tool results ({@code role: tool}) are {@code tool_result}
 * blocks of a user turn, and consecutive messages that end up in the same role are merged into one
 * turn, as Anthropic itself would do.
 */
final class Conversation {

    private final List<String> system = new ArrayList<>();
    private final ArrayNode turns = Json.NODES.arrayNode();

    private Conversation() {}

    static Conversation of(JsonNode messages) {
        if (!RequestFields.present(messages)) {
            throw RequestFields.refuse("messages", "required");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw RequestFields.refuse("messages", "must be a non-empty array of messages");
        }
        Conversation conversation = new Conversation();
        for (int i = 0; i < messages.size(); i++) {
            conversation.add(messages.get(i), "messages[" + i + "]");
        }
        if (conversation.turns.isEmpty()) {
            throw RequestFields.refuse("messages", "must contain at least one user or assistant message with content");
        }
        return conversation;
    }

    /** The {@code system} value, or null when the request had no system or developer message. */
    JsonNode system() {
        if (system.isEmpty()) {
            return null;
        }
        if (system.size() == 1) {
            return Json.NODES.textNode(system.get(0));
        }
        ArrayNode blocks = Json.NODES.arrayNode();
        system.forEach(text -> blocks.add(ContentBlocks.textBlock(text)));
        return blocks;
    }

    ArrayNode turns() {
        return turns;
    }

    private void add(JsonNode message, String path) {
        if (!message.isObject()) {
            throw RequestFields.refuse(path, "must be an object, got " + RequestFields.typeOf(message));
        }
        String role = RequestFields.requiredText(message, "role", path + ".role");
        switch (role) {
            case "system", "developer" -> addSystem(message, path);
            case "user" -> append("user", ContentBlocks.user(content(message, path, true), path + ".content"));
            case "assistant" -> append("assistant", AssistantBlocks.of(message, path));
            case "tool" -> append("user", toolResult(message, path));
            case "function" -> throw RequestFields.refuse(path + ".role", "legacy function messages are not translated; use tool messages");
            default -> throw RequestFields.refuse(path + ".role", "unknown role '" + role + "'");
        }
    }

    private void addSystem(JsonNode message, String path) {
        String text = ContentBlocks.text(content(message, path, true), path + ".content");
        if (!text.isEmpty()) {
            system.add(text);
        }
    }

    private static ArrayNode toolResult(JsonNode message, String path) {
        String id = RequestFields.requiredText(message, "tool_call_id", path + ".tool_call_id");
        ObjectNode result = Json.object().put("type", "tool_result").put("tool_use_id", id);
        String text = ContentBlocks.text(content(message, path, true), path + ".content");
        if (!text.isEmpty()) {
            result.put("content", text);
        }
        ArrayNode blocks = Json.NODES.arrayNode();
        blocks.add(result);
        return blocks;
    }

    /** Appends blocks to the last turn when it has the same role, else starts a turn; nothing for no blocks. */
    private void append(String role, ArrayNode blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        JsonNode last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
        if (last != null && role.equals(last.get("role").asText())) {
            ((ArrayNode) last.get("content")).addAll(blocks);
            return;
        }
        ObjectNode turn = turns.addObject();
        turn.put("role", role);
        turn.set("content", blocks);
    }

    static JsonNode content(JsonNode message, String path, boolean required) {
        JsonNode content = message.get("content");
        if (RequestFields.present(content)) {
            return content;
        }
        if (required) {
            throw RequestFields.refuse(path + ".content", "required");
        }
        return Json.NODES.textNode("");
    }
}
