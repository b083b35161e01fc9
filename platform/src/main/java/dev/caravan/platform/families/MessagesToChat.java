package dev.caravan.platform.families;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.UnsupportedRequestException;

/**
 * Anthropic Messages request → OpenAI chat request: system prompt, text and image blocks, tool
 * definitions and choice, tool_use / tool_result round trips, and the sampling fields that have a
 * chat equivalent. Fields without one ({@code top_k}, {@code thinking}, cache control) are dropped;
 * docs/api-families.md lists them.
 */
final class MessagesToChat {

    private MessagesToChat() {}

    static ObjectNode translate(ObjectNode request) {
        ObjectNode chat = FamilyJson.object();
        chat.set("model", request.get("model"));
        ArrayNode messages = chat.putArray("messages");
        system(request.get("system"), messages);
        JsonNode input = request.path("messages");
        for (int i = 0; i < input.size(); i++) {
            message(input.get(i), "messages[" + i + "]", messages);
        }
        copy(request, "max_tokens", chat, "max_tokens");
        copy(request, "temperature", chat, "temperature");
        copy(request, "top_p", chat, "top_p");
        copy(request, "stop_sequences", chat, "stop");
        JsonNode user = request.path("metadata").get("user_id");
        if (user != null && user.isTextual()) {
            chat.put("user", user.asText());
        }
        tools(request, chat);
        if (request.path("stream").asBoolean(false)) {
            chat.put("stream", true);
            chat.putObject("stream_options").put("include_usage", true);
        }
        return chat;
    }

    private static void system(JsonNode system, ArrayNode messages) {
        if (system == null || system.isNull()) {
            return;
        }
        String text = system.isTextual() ? system.asText() : joinText(system, "system");
        messages.addObject().put("role", "system").put("content", text);
    }

    private static void message(JsonNode message, String path, ArrayNode out) {
        String role = message.path("role").asText();
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            out.addObject().put("role", role).put("content", content.asText());
            return;
        }
        if ("assistant".equals(role)) {
            assistant(content, path, out);
        } else {
            user(content, path, out);
        }
    }

    /** Tool results become tool messages, which must directly follow the assistant's tool calls. */
    private static void user(JsonNode blocks, String path, ArrayNode out) {
        ArrayNode parts = FamilyJson.MAPPER.createArrayNode();
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            String where = path + ".content[" + i + "]";
            switch (block.path("type").asText()) {
                case "text" -> parts.addObject().put("type", "text").put("text", block.path("text").asText());
                case "image" -> parts.add(image(block, where));
                case "tool_result" -> out.addObject().put("role", "tool")
                        .put("tool_call_id", block.path("tool_use_id").asText())
                        .put("content", toolResult(block.get("content"), where));
                default -> throw unsupported(where + ".type", block.path("type").asText());
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        ObjectNode user = out.addObject().put("role", "user");
        if (parts.size() == 1 && "text".equals(parts.get(0).path("type").asText())) {
            user.put("content", parts.get(0).path("text").asText());
        } else {
            user.set("content", parts);
        }
    }

    private static void assistant(JsonNode blocks, String path, ArrayNode out) {
        StringBuilder text = new StringBuilder();
        ArrayNode calls = FamilyJson.MAPPER.createArrayNode();
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> {
                    ObjectNode call = calls.addObject().put("id", block.path("id").asText()).put("type", "function");
                    call.putObject("function").put("name", block.path("name").asText())
                            .put("arguments", FamilyJson.text(block.has("input") ? block.get("input") : FamilyJson.object()));
                }
                case "thinking", "redacted_thinking" -> { } // the chat target cannot take them back
                default -> throw unsupported(path + ".content[" + i + "].type", block.path("type").asText());
            }
        }
        ObjectNode assistant = out.addObject().put("role", "assistant");
        if (text.length() > 0 || calls.isEmpty()) {
            assistant.put("content", text.toString());
        } else {
            assistant.putNull("content");
        }
        if (!calls.isEmpty()) {
            assistant.set("tool_calls", calls);
        }
    }

    private static ObjectNode image(JsonNode block, String path) {
        JsonNode source = block.path("source");
        String url = switch (source.path("type").asText()) {
            case "base64" -> "data:" + source.path("media_type").asText() + ";base64," + source.path("data").asText();
            case "url" -> source.path("url").asText();
            default -> throw unsupported(path + ".source.type", source.path("type").asText());
        };
        ObjectNode part = FamilyJson.object().put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    private static String toolResult(JsonNode content, String path) {
        if (content == null || content.isNull()) {
            return "";
        }
        return content.isTextual() ? content.asText() : joinText(content, path + ".content");
    }

    private static String joinText(JsonNode blocks, String path) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            if (!"text".equals(block.path("type").asText())) {
                throw unsupported(path + "[" + i + "].type", block.path("type").asText());
            }
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(block.path("text").asText());
        }
        return text.toString();
    }

    private static void tools(ObjectNode request, ObjectNode chat) {
        JsonNode tools = request.get("tools");
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return;
        }
        ArrayNode out = chat.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String type = tool.path("type").asText("custom");
            if (!type.equals("custom")) {
                throw unsupported("tools[" + i + "].type", type);
            }
            ObjectNode function = out.addObject().put("type", "function").putObject("function");
            function.put("name", tool.path("name").asText());
            if (tool.hasNonNull("description")) {
                function.put("description", tool.get("description").asText());
            }
            function.set("parameters", tool.has("input_schema") ? tool.get("input_schema") : FamilyJson.object().put("type", "object"));
        }
        toolChoice(request.get("tool_choice"), chat);
    }

    private static void toolChoice(JsonNode choice, ObjectNode chat) {
        if (choice == null || choice.isNull()) {
            return;
        }
        switch (choice.path("type").asText()) {
            case "auto" -> chat.put("tool_choice", "auto");
            case "any" -> chat.put("tool_choice", "required");
            case "none" -> chat.put("tool_choice", "none");
            case "tool" -> chat.putObject("tool_choice").put("type", "function")
                    .putObject("function").put("name", choice.path("name").asText());
            default -> throw unsupported("tool_choice.type", choice.path("type").asText());
        }
        if (choice.path("disable_parallel_tool_use").asBoolean(false)) {
            chat.put("parallel_tool_calls", false);
        }
    }

    private static void copy(ObjectNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(as, value);
        }
    }

    private static UnsupportedRequestException unsupported(String param, String value) {
        return new UnsupportedRequestException(param, param + ": '" + value
                + "' cannot be served by a chat completions target (see docs/api-families.md)");
    }
}
