package dev.caravan.platform.families;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI chat completion → Anthropic message: text and tool_use content blocks (tool arguments
 * parsed into {@code input}), the stop reason, and usage. Anthropic counts cache reads apart from
 * {@code input_tokens}, OpenAI inside {@code prompt_tokens}: the cached part is moved.
 */
final class ChatToMessage {

    private ChatToMessage() {}

    static ObjectNode translate(ObjectNode completion) {
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        ObjectNode out = FamilyJson.object();
        out.put("id", messageId(completion.path("id").asText("")));
        out.put("type", "message");
        out.put("role", "assistant");
        out.put("model", completion.path("model").asText(""));
        ArrayNode content = out.putArray("content");
        String text = message.path("content").asText("");
        if (text.isEmpty() && message.path("refusal").isTextual()) {
            text = message.get("refusal").asText();
        }
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        for (JsonNode call : message.path("tool_calls")) {
            ObjectNode block = content.addObject().put("type", "tool_use").put("id", call.path("id").asText())
                    .put("name", call.path("function").path("name").asText());
            block.set("input", FamilyJson.arguments(call.path("function").path("arguments").asText("")));
        }
        out.put("stop_reason", stopReason(choice.path("finish_reason").asText(null)));
        out.putNull("stop_sequence");
        out.set("usage", usage(completion.path("usage")));
        return out;
    }

    static String messageId(String chatId) {
        return "msg_" + (chatId.isEmpty() ? Long.toHexString(System.nanoTime()) : chatId.replace("chatcmpl-", ""));
    }

    static String stopReason(String finishReason) {
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }

    static ObjectNode usage(JsonNode usage) {
        long prompt = FamilyJson.count(usage.path("prompt_tokens"));
        long cached = FamilyJson.count(usage.path("prompt_tokens_details").path("cached_tokens"));
        ObjectNode out = FamilyJson.object();
        out.put("input_tokens", Math.max(0, prompt - cached));
        out.put("cache_creation_input_tokens", 0);
        out.put("cache_read_input_tokens", cached);
        out.put("output_tokens", FamilyJson.count(usage.path("completion_tokens")));
        return out;
    }
}
