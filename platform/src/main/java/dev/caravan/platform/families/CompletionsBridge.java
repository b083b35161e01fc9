package dev.caravan.platform.families;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UnsupportedRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI's legacy text completions ({@code POST /v1/completions}) served as chat completions by
 * every target: the {@code prompt} becomes one user message, and each chat choice (or chunk) comes
 * back as a {@code text_completion} choice with {@code text}. Fields chat has no equivalent for are
 * refused with a 400 naming them rather than silently ignored: {@code suffix}, {@code echo: true},
 * {@code logprobs}, {@code best_of} above 1, and more than one prompt (or token-array prompts).
 */
public final class CompletionsBridge implements ChatBridge {

    public static final CompletionsBridge INSTANCE = new CompletionsBridge();
    private static final List<String> PASS_THROUGH = List.of("max_tokens", "temperature", "top_p", "n", "stop",
            "presence_penalty", "frequency_penalty", "logit_bias", "seed", "user", "stream", "stream_options");

    private CompletionsBridge() {}

    @Override
    public ObjectNode toChat(ObjectNode request) {
        refuse(request);
        ObjectNode chat = FamilyJson.object();
        chat.set("model", request.get("model"));
        chat.putArray("messages").addObject().put("role", "user").put("content", prompt(request.get("prompt")));
        for (String field : PASS_THROUGH) {
            JsonNode value = request.get(field);
            if (value != null && !value.isNull()) {
                chat.set(field, value);
            }
        }
        return chat;
    }

    /** The one prompt: a string, or an array holding exactly one string. */
    static String prompt(JsonNode prompt) {
        if (prompt == null || prompt.isNull()) {
            throw new UnsupportedRequestException("prompt", "Missing required parameter: 'prompt'.");
        }
        if (prompt.isTextual()) {
            return prompt.textValue();
        }
        if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            return prompt.get(0).textValue();
        }
        throw new UnsupportedRequestException("prompt", "Invalid 'prompt': the gateway serves completions through chat "
                + "and takes one prompt, a string or an array of one string (send one request per prompt; token arrays are not supported).");
    }

    private static void refuse(ObjectNode request) {
        JsonNode suffix = request.get("suffix");
        if (suffix != null && !suffix.isNull() && !suffix.asText().isEmpty()) {
            throw new UnsupportedRequestException("suffix", "'suffix' (insertion) is not supported: completions are served through chat.");
        }
        if (request.path("echo").asBoolean(false)) {
            throw new UnsupportedRequestException("echo", "'echo: true' is not supported: completions are served through chat.");
        }
        JsonNode logprobs = request.get("logprobs");
        if (logprobs != null && !logprobs.isNull()) {
            throw new UnsupportedRequestException("logprobs", "'logprobs' is not supported: completions are served through chat.");
        }
        if (request.path("best_of").asInt(1) > 1) {
            throw new UnsupportedRequestException("best_of", "'best_of' above 1 is not supported: completions are served through chat.");
        }
    }

    @Override
    public byte[] fromChat(ObjectNode request, byte[] chatCompletion) {
        ObjectNode chat = FamilyJson.parseObject(chatCompletion);
        ObjectNode completion = header(chat);
        ArrayNode choices = completion.putArray("choices");
        for (JsonNode choice : chat.path("choices")) {
            choices.add(choice(choice.path("index").asInt(0), choice.path("message").path("content").asText(""),
                    choice.get("finish_reason")));
        }
        if (chat.has("usage")) {
            completion.set("usage", chat.get("usage"));
        }
        return FamilyJson.bytes(completion);
    }

    @Override
    public StreamTranslator stream(ObjectNode request, StreamTranslator chatStream) {
        return new ChatStreamBridge(chatStream) {
            @Override
            void translate(SseEvent event, List<SseEvent> out) {
                if (event.data() == null || SseEvents.isDone(event)) {
                    out.add(event);
                    return;
                }
                ObjectNode chunk = FamilyJson.parseObject(event.data());
                if (chunk == null || chunk.has("error")) {
                    out.add(event);
                    return;
                }
                out.add(SseEvent.data(FamilyJson.text(chunkOf(chunk))));
            }

            @Override
            public boolean endedCleanly() {
                return chat.endedCleanly();
            }

            @Override
            public dev.caravan.api.Usage usage() {
                return chat.usage();
            }
        };
    }

    private static ObjectNode chunkOf(ObjectNode chunk) {
        ObjectNode completion = header(chunk);
        ArrayNode choices = completion.putArray("choices");
        for (JsonNode choice : chunk.path("choices")) {
            JsonNode content = choice.path("delta").path("content");
            choices.add(choice(choice.path("index").asInt(0), content.isTextual() ? content.textValue() : "",
                    choice.get("finish_reason")));
        }
        if (chunk.has("usage") && !chunk.get("usage").isNull()) {
            completion.set("usage", chunk.get("usage"));
        }
        return completion;
    }

    private static ObjectNode header(ObjectNode chat) {
        String id = chat.path("id").asText("");
        ObjectNode completion = FamilyJson.object();
        completion.put("id", id.startsWith("chatcmpl-") ? "cmpl-" + id.substring("chatcmpl-".length()) : "cmpl-" + id);
        completion.put("object", "text_completion");
        completion.put("created", chat.path("created").asLong(System.currentTimeMillis() / 1000));
        completion.set("model", chat.get("model"));
        if (chat.hasNonNull("system_fingerprint")) {
            completion.set("system_fingerprint", chat.get("system_fingerprint"));
        }
        return completion;
    }

    private static ObjectNode choice(int index, String text, JsonNode finishReason) {
        ObjectNode choice = FamilyJson.object();
        choice.put("text", text).put("index", index).putNull("logprobs");
        choice.set("finish_reason", finishReason == null ? FamilyJson.MAPPER.nullNode() : finishReason);
        return choice;
    }
}
