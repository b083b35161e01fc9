package dev.caravan.platform.guard;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The user-visible text a guardrail inspects, read from the body of each API family by its shape:
 * OpenAI chat ({@code messages[].content} as a string or {@code text} parts), Anthropic messages
 * (the same plus {@code system}), OpenAI Responses ({@code instructions}, {@code input} as a string
 * or items with {@code input_text} parts); and on the way back the answer text of each family's
 * body or stream events. Pieces are joined with newlines so a phrase never spans two messages.
 */
public final class GuardText {

    private GuardText() {}

    /** The prompt text of a request body. */
    public static String ofRequest(JsonNode body) {
        StringBuilder text = new StringBuilder();
        if (body == null) {
            return "";
        }
        appendContent(text, body.get("system"));
        appendContent(text, body.get("instructions"));
        for (JsonNode message : iterable(body.get("messages"))) {
            appendContent(text, message.get("content"));
        }
        JsonNode input = body.get("input");
        if (input != null && input.isTextual()) {
            append(text, input.textValue());
        } else {
            for (JsonNode item : iterable(input)) {
                appendContent(text, item.has("content") ? item.get("content") : item.get("text"));
            }
        }
        return text.toString();
    }

    /** The answer text of a complete (non-streamed) response body. */
    public static String ofResponse(JsonNode body) {
        StringBuilder text = new StringBuilder();
        if (body == null) {
            return "";
        }
        for (JsonNode choice : iterable(body.get("choices"))) {          // OpenAI chat
            appendContent(text, choice.path("message").get("content"));
        }
        if (body.has("type") && "message".equals(body.path("type").asText())) { // Anthropic
            appendContent(text, body.get("content"));
        }
        for (JsonNode item : iterable(body.get("output"))) {             // OpenAI Responses
            appendContent(text, item.get("content"));
        }
        return text.toString();
    }

    /** The answer text one stream event adds (a chat chunk's delta, an Anthropic text delta, a Responses text delta). */
    public static String ofStreamEvent(JsonNode event) {
        if (event == null || !event.isObject()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode choice : iterable(event.get("choices"))) {
            JsonNode content = choice.path("delta").get("content");
            if (content != null && content.isTextual()) {
                text.append(content.textValue());
            }
        }
        String type = event.path("type").asText("");
        if (type.equals("content_block_delta") && event.path("delta").path("text").isTextual()) {
            text.append(event.path("delta").path("text").textValue());
        } else if (type.equals("response.output_text.delta") && event.path("delta").isTextual()) {
            text.append(event.path("delta").textValue());
        }
        return text.toString();
    }

    private static void appendContent(StringBuilder text, JsonNode content) {
        if (content == null) {
            return;
        }
        if (content.isTextual()) {
            append(text, content.textValue());
            return;
        }
        for (JsonNode part : iterable(content)) {
            JsonNode value = part.get("text");
            if (value != null && value.isTextual()) {
                append(text, value.textValue());
            }
        }
    }

    private static void append(StringBuilder text, String piece) {
        if (!text.isEmpty()) {
            text.append('\n');
        }
        text.append(piece);
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node != null && node.isArray() ? node : java.util.List.of();
    }
}
