package dev.caravan.platform.policy.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.api.provider.ProviderCall;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One call as a provider script's handlers see it ({@code call}): the canonical chat request, read
 * only, the target model, whether it streams, and the provider's {@code options}. Never the key.
 */
public final class ScriptProviderCall {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderCall call;

    ScriptProviderCall(ProviderCall call) {
        this.call = call;
    }

    /** The canonical (OpenAI chat completions) request body, as read-only maps and lists. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> getBody() {
        return Collections.unmodifiableMap(JSON.convertValue(call.body(), Map.class));
    }

    /** The messages, each {@code [role: ..., content: <text>]}, content parts joined into one text. */
    public List<Map<String, String>> getMessages() {
        List<Map<String, String>> messages = new ArrayList<>();
        for (JsonNode message : call.body().path("messages")) {
            messages.add(Map.of("role", message.path("role").asText(""), "content", text(message.path("content"))));
        }
        return Collections.unmodifiableList(messages);
    }

    /** Every message's text, one per line, as {@code role: text}; for upstreams that take a single prompt. */
    public String getPrompt() {
        StringBuilder prompt = new StringBuilder();
        for (Map<String, String> message : getMessages()) {
            prompt.append(prompt.length() == 0 ? "" : "\n").append(message.get("role")).append(": ").append(message.get("content"));
        }
        return prompt.toString();
    }

    /** {@code max_completion_tokens} or {@code max_tokens} of the request, null when neither is set. */
    public Long getMaxTokens() {
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode value = call.body().get(field);
            if (value != null && value.canConvertToLong()) {
                return value.asLong();
            }
        }
        return null;
    }

    /** The upstream model of the alias target. */
    public String getModel() {
        return call.targetModel();
    }

    public boolean isStream() {
        return call.stream();
    }

    /** The provider's id in the config. */
    public String getProvider() {
        return call.provider().id();
    }

    /** The provider's {@code options}, as read-only maps and lists (empty when none). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> getOptions() {
        JsonNode options = call.provider().options();
        return options == null || !options.isObject() ? Map.of() : Collections.unmodifiableMap(JSON.convertValue(options, Map.class));
    }

    public String getTraceId() {
        return call.context().traceId();
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.textValue();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("type").asText().equals("text")) {
                text.append(text.length() == 0 ? "" : "\n").append(part.path("text").asText(""));
            }
        }
        return text.toString();
    }
}
