package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.ProviderResponse;

/**
 * An Anthropic message as an OpenAI {@code chat.completion}: the text blocks joined as
 * {@code content}, each {@code tool_use} block as a {@code tool_calls} entry (its {@code input}
 * serialised as the {@code arguments} string), {@code stop_reason} as {@code finish_reason} and the
 * usage as OpenAI counts it. Thinking blocks and server-tool blocks have no place in a chat
 * completion and are left out; the message id is kept, so receipts and Anthropic's logs agree.
 */
final class ChatResponseTranslator {

    private ChatResponseTranslator() {}

    static ProviderResponse translate(byte[] upstreamBody, long createdEpochSecond) {
        return translate(upstreamBody, createdEpochSecond, false);
    }

    /** @param jsonMode the request asked for a JSON mode ({@link JsonMode}): the forced tool's input is the content */
    static ProviderResponse translate(byte[] upstreamBody, long createdEpochSecond, boolean jsonMode) {
        ObjectNode message = Json.objectOrNull(upstreamBody);
        if (message == null || !message.path("content").isArray()) {
            // never the body itself in the message: it may hold the conversation
            throw new IllegalStateException("the Anthropic upstream answered with a body that is not a message ("
                    + (upstreamBody == null ? 0 : upstreamBody.length) + " bytes)");
        }
        UsageTally usage = new UsageTally();
        usage.add(message.get("usage"));
        ObjectNode completion = Json.object();
        completion.put("id", message.path("id").asText(""));
        completion.put("object", "chat.completion");
        completion.put("created", createdEpochSecond);
        completion.put("model", message.path("model").asText(""));
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        String stopReason = textOrNull(message.get("stop_reason"));
        choice.set("message", jsonMode ? jsonMessage(message.get("content")) : assistantMessage(message.get("content")));
        choice.putNull("logprobs");
        choice.put("finish_reason", jsonMode ? JsonMode.finishReason(stopReason) : FinishReason.of(stopReason));
        if (message.has("usage")) {
            completion.set("usage", usage.toOpenAi());
        }
        return new ProviderResponse(Json.bytes(completion), usage.usage());
    }

    private static ObjectNode assistantMessage(JsonNode content) {
        StringBuilder text = new StringBuilder();
        boolean hasText = false;
        ArrayNode toolCalls = Json.NODES.arrayNode();
        for (JsonNode block : content) {
            switch (block.path("type").asText()) {
                case "text" -> {
                    text.append(block.path("text").asText(""));
                    hasText = true;
                }
                case "tool_use" -> toolCalls.add(toolCall(block));
                default -> { } // thinking, redacted_thinking, server tool blocks: not part of a chat completion
            }
        }
        ObjectNode out = Json.object().put("role", "assistant");
        if (hasText) {
            out.put("content", text.toString());
        } else {
            out.putNull("content");
        }
        out.putNull("refusal");
        if (!toolCalls.isEmpty()) {
            out.set("tool_calls", toolCalls);
        }
        return out;
    }

    /**
     * A JSON-mode answer: the forced tool's {@code input} as compact JSON text, no tool calls. Should
     * the model have answered with text instead (e.g. cut short before the tool), that text is kept.
     */
    private static ObjectNode jsonMessage(JsonNode content) {
        StringBuilder text = new StringBuilder();
        String json = null;
        for (JsonNode block : content) {
            String type = block.path("type").asText();
            if ("tool_use".equals(type) && json == null) {
                JsonNode input = block.get("input");
                json = Json.text(input == null || input.isNull() ? Json.object() : input);
            } else if ("text".equals(type)) {
                text.append(block.path("text").asText(""));
            }
        }
        ObjectNode out = Json.object().put("role", "assistant");
        if (json != null) {
            out.put("content", json);
        } else if (!text.isEmpty()) {
            out.put("content", text.toString());
        } else {
            out.putNull("content");
        }
        out.putNull("refusal");
        return out;
    }

    static ObjectNode toolCall(JsonNode toolUse) {
        ObjectNode call = Json.object().put("id", toolUse.path("id").asText("")).put("type", "function");
        JsonNode input = toolUse.get("input");
        call.putObject("function")
                .put("name", toolUse.path("name").asText(""))
                .put("arguments", Json.text(input == null || input.isNull() ? Json.object() : input));
        return call;
    }

    static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
