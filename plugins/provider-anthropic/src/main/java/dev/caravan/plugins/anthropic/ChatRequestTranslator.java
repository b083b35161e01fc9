package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An OpenAI chat completion request as an Anthropic Messages request. Which fields are
 * translated, dropped or refused is listed in {@link ChatParameters}; the conversation is
 * translated by {@link Conversation}, tools by {@link ToolDefinitions}.
 */
final class ChatRequestTranslator {

    private ChatRequestTranslator() {}

    static ObjectNode translate(ObjectNode chat, String model, boolean stream, AnthropicOptions options) {
        ChatParameters.check(chat);
        ObjectNode messages = Json.object();
        messages.put("model", model);
        messages.put("max_tokens", maxTokens(chat, options));
        Conversation conversation = Conversation.of(chat.get("messages"));
        JsonNode system = conversation.system();
        if (system != null) {
            messages.set("system", system);
        }
        messages.set("messages", conversation.turns());
        temperature(chat, messages);
        topP(chat, messages);
        stopSequences(chat, messages);
        ToolDefinitions.translate(chat, messages);
        JsonMode.apply(chat, messages);
        userId(chat, messages);
        JsonNode streamOptions = chat.get("stream_options");
        if (RequestFields.present(streamOptions) && !streamOptions.isObject()) {
            throw RequestFields.refuse("stream_options", "must be an object");
        }
        if (stream) {
            messages.put("stream", true);
        }
        return messages;
    }

    /** {@code max_completion_tokens} (the current OpenAI name) wins over the deprecated {@code max_tokens}. */
    private static long maxTokens(ObjectNode chat, AnthropicOptions options) {
        for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
            JsonNode value = chat.get(field);
            if (RequestFields.present(value)) {
                if (!value.isIntegralNumber() || value.asLong() < 1) {
                    throw RequestFields.refuse(field, "must be a whole number of at least 1");
                }
                return value.asLong();
            }
        }
        return options.defaultMaxTokens();
    }

    /** OpenAI allows 0–2, Anthropic 0–1: a value above 1 would be refused upstream, so it is refused here. */
    private static void temperature(ObjectNode chat, ObjectNode messages) {
        JsonNode value = chat.get("temperature");
        if (!RequestFields.present(value)) {
            return;
        }
        if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
            throw RequestFields.refuse("temperature", "must be a number between 0 and 1 for Anthropic models");
        }
        messages.set("temperature", value);
    }

    private static void topP(ObjectNode chat, ObjectNode messages) {
        JsonNode value = chat.get("top_p");
        if (!RequestFields.present(value)) {
            return;
        }
        if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
            throw RequestFields.refuse("top_p", "must be a number between 0 and 1");
        }
        messages.set("top_p", value);
    }

    private static void stopSequences(ObjectNode chat, ObjectNode messages) {
        JsonNode stop = chat.get("stop");
        if (!RequestFields.present(stop)) {
            return;
        }
        ArrayNode sequences = Json.NODES.arrayNode();
        if (stop.isTextual()) {
            sequences.add(stop.asText());
        } else if (stop.isArray()) {
            for (int i = 0; i < stop.size(); i++) {
                if (!stop.get(i).isTextual()) {
                    throw RequestFields.refuse("stop[" + i + "]", "must be a string");
                }
                sequences.add(stop.get(i).asText());
            }
        } else {
            throw RequestFields.refuse("stop", "must be a string or an array of strings");
        }
        if (!sequences.isEmpty()) {
            messages.set("stop_sequences", sequences);
        }
    }

    /** OpenAI's end-user id ({@code user}, or its successor {@code safety_identifier}) is Anthropic's {@code metadata.user_id}. */
    private static void userId(ObjectNode chat, ObjectNode messages) {
        for (String field : new String[] {"user", "safety_identifier"}) {
            JsonNode value = chat.get(field);
            if (RequestFields.present(value)) {
                if (!value.isTextual()) {
                    throw RequestFields.refuse(field, "must be a string");
                }
                messages.putObject("metadata").put("user_id", value.asText());
                return;
            }
        }
    }
}
