package dev.caravan.platform.families;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.UnsupportedRequestException;

/**
 * OpenAI Responses request → OpenAI chat request: {@code instructions}, {@code input} as a string
 * or as items (messages, {@code function_call}, {@code function_call_output}), function tools,
 * {@code tool_choice}, {@code max_output_tokens}, {@code text.format} and the sampling fields.
 * Server-side state ({@code previous_response_id}, {@code conversation}) and built-in tools
 * have no chat equivalent and are refused with a 400 naming the field.
 */
final class ResponsesToChat {

    private ResponsesToChat() {}

    static ObjectNode translate(ObjectNode request) {
        for (String stateful : new String[] {"previous_response_id", "conversation"}) {
            if (request.hasNonNull(stateful)) {
                throw unsupported(stateful, request.get(stateful).asText());
            }
        }
        ObjectNode chat = FamilyJson.object();
        chat.set("model", request.get("model"));
        ArrayNode messages = chat.putArray("messages");
        if (request.path("instructions").isTextual()) {
            messages.addObject().put("role", "system").put("content", request.get("instructions").asText());
        }
        JsonNode input = request.get("input");
        if (input.isTextual()) {
            messages.addObject().put("role", "user").put("content", input.asText());
        } else {
            for (int i = 0; i < input.size(); i++) {
                item(input.get(i), "input[" + i + "]", messages);
            }
        }
        copy(request, "max_output_tokens", chat, "max_tokens");
        copy(request, "temperature", chat, "temperature");
        copy(request, "top_p", chat, "top_p");
        copy(request, "user", chat, "user");
        copy(request, "parallel_tool_calls", chat, "parallel_tool_calls");
        JsonNode effort = request.path("reasoning").get("effort");
        if (effort != null && effort.isTextual()) {
            chat.put("reasoning_effort", effort.asText());
        }
        textFormat(request.path("text").get("format"), chat);
        tools(request, chat);
        if (request.path("stream").asBoolean(false)) {
            chat.put("stream", true);
            chat.putObject("stream_options").put("include_usage", true);
        }
        return chat;
    }

    private static void item(JsonNode item, String path, ArrayNode messages) {
        String type = item.path("type").asText("message");
        switch (type) {
            case "message" -> message(item, path, messages);
            case "function_call" -> functionCall(item, messages);
            case "function_call_output" -> messages.addObject().put("role", "tool")
                    .put("tool_call_id", item.path("call_id").asText())
                    .put("content", item.path("output").isTextual() ? item.get("output").asText() : outputText(item.get("output"), path + ".output"));
            case "reasoning" -> { } // the chat target cannot take reasoning items back
            default -> throw unsupported(path + ".type", type);
        }
    }

    private static void message(JsonNode item, String path, ArrayNode messages) {
        String role = item.path("role").asText("user");
        ObjectNode message = messages.addObject().put("role", role.equals("developer") ? "system" : role);
        JsonNode content = item.get("content");
        if (content == null || content.isTextual()) {
            message.put("content", content == null ? "" : content.asText());
            return;
        }
        if (role.equals("assistant") || role.equals("system") || role.equals("developer")) {
            message.put("content", outputText(content, path + ".content"));
            return;
        }
        ArrayNode parts = message.putArray("content");
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String where = path + ".content[" + i + "]";
            switch (part.path("type").asText()) {
                case "input_text", "output_text" -> parts.addObject().put("type", "text").put("text", part.path("text").asText());
                case "input_image" -> image(part, where, parts);
                default -> throw unsupported(where + ".type", part.path("type").asText());
            }
        }
    }

    private static void image(JsonNode part, String path, ArrayNode parts) {
        if (!part.path("image_url").isTextual()) {
            throw new UnsupportedRequestException(path + ".image_url",
                    path + ".image_url: a chat completions target needs the image as a URL or data URL (file_id is not supported)");
        }
        ObjectNode url = parts.addObject().put("type", "image_url").putObject("image_url");
        url.put("url", part.get("image_url").asText());
        if (part.path("detail").isTextual()) {
            url.put("detail", part.get("detail").asText());
        }
    }

    /** Consecutive function calls become the tool_calls of one assistant message, as chat expects. */
    private static void functionCall(JsonNode item, ArrayNode messages) {
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        ObjectNode assistant;
        if (last instanceof ObjectNode previous && "assistant".equals(previous.path("role").asText())
                && !previous.path("tool_calls").isMissingNode()) {
            assistant = previous;
        } else if (last instanceof ObjectNode previous && "assistant".equals(previous.path("role").asText())) {
            assistant = previous;
            assistant.putArray("tool_calls");
        } else {
            assistant = messages.addObject().put("role", "assistant");
            assistant.putNull("content");
            assistant.putArray("tool_calls");
        }
        ObjectNode call = ((ArrayNode) assistant.get("tool_calls")).addObject()
                .put("id", item.path("call_id").asText()).put("type", "function");
        call.putObject("function").put("name", item.path("name").asText()).put("arguments", item.path("arguments").asText("{}"));
    }

    private static String outputText(JsonNode parts, String path) {
        if (parts == null || parts.isNull()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            JsonNode part = parts.get(i);
            String type = part.path("type").asText();
            if (!type.equals("input_text") && !type.equals("output_text") && !type.equals("refusal")) {
                throw unsupported(path + "[" + i + "].type", type);
            }
            text.append(part.path(type.equals("refusal") ? "refusal" : "text").asText());
        }
        return text.toString();
    }

    private static void textFormat(JsonNode format, ObjectNode chat) {
        if (format == null || !format.isObject()) {
            return;
        }
        switch (format.path("type").asText()) {
            case "json_object" -> chat.putObject("response_format").put("type", "json_object");
            case "json_schema" -> {
                ObjectNode schema = chat.putObject("response_format").put("type", "json_schema").putObject("json_schema");
                schema.put("name", format.path("name").asText("response"));
                copy((ObjectNode) format, "description", schema, "description");
                copy((ObjectNode) format, "schema", schema, "schema");
                copy((ObjectNode) format, "strict", schema, "strict");
            }
            default -> { } // text: the chat default
        }
    }

    private static void tools(ObjectNode request, ObjectNode chat) {
        JsonNode tools = request.get("tools");
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return;
        }
        ArrayNode out = chat.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (!"function".equals(tool.path("type").asText())) {
                throw unsupported("tools[" + i + "].type", tool.path("type").asText());
            }
            ObjectNode function = out.addObject().put("type", "function").putObject("function");
            function.put("name", tool.path("name").asText());
            copy((ObjectNode) tool, "description", function, "description");
            copy((ObjectNode) tool, "parameters", function, "parameters");
            copy((ObjectNode) tool, "strict", function, "strict");
        }
        JsonNode choice = request.get("tool_choice");
        if (choice != null && choice.isTextual()) {
            chat.put("tool_choice", choice.asText());
        } else if (choice != null && "function".equals(choice.path("type").asText())) {
            chat.putObject("tool_choice").put("type", "function").putObject("function").put("name", choice.path("name").asText());
        } else if (choice != null && !choice.isNull()) {
            throw unsupported("tool_choice.type", choice.path("type").asText());
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
