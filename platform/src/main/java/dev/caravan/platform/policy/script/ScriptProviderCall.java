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

    // Copies, not the ProviderCall: Groovy reads private fields (and calls private methods) by name,
    // and the call holds the provider's key (call.provider().apiKey()) and the shared, mutable body.
    private final Map<String, Object> body;
    private final List<Map<String, String>> messages;
    private final Long maxTokens;
    private final String model;
    private final boolean stream;
    private final String providerId;
    private final Map<String, Object> options;
    private final String traceId;

    /** @param json converts the JSON trees; not kept (a script could reach it, and a mapper can build any bean) */
    @SuppressWarnings("unchecked")
    ScriptProviderCall(ProviderCall call, ObjectMapper json) {
        this.body = ReadOnlyValues.map(json.convertValue(call.body(), Map.class));
        List<Map<String, String>> all = new ArrayList<>();
        for (JsonNode message : call.body().path("messages")) {
            all.add(Map.of("role", message.path("role").asText(""), "content", text(message.path("content"))));
        }
        this.messages = Collections.unmodifiableList(all);
        this.maxTokens = maxTokens(call.body());
        this.model = call.targetModel();
        this.stream = call.stream();
        this.providerId = call.provider().id();
        JsonNode given = call.provider().options();
        this.options = given == null || !given.isObject() ? Map.of() : ReadOnlyValues.map(json.convertValue(given, Map.class));
        this.traceId = call.context().traceId();
    }

    /** The canonical (OpenAI chat completions) request body, as read-only maps and lists. */
    public Map<String, Object> getBody() {
        return body;
    }

    /** The messages, each {@code [role: ..., content: <text>]}, content parts joined into one text. */
    public List<Map<String, String>> getMessages() {
        return messages;
    }

    /** Every message's text, one per line, as {@code role: text}; for upstreams that take a single prompt. */
    public String getPrompt() {
        StringBuilder prompt = new StringBuilder();
        for (Map<String, String> message : messages) {
            prompt.append(prompt.length() == 0 ? "" : "\n").append(message.get("role")).append(": ").append(message.get("content"));
        }
        return prompt.toString();
    }

    /** {@code max_completion_tokens} or {@code max_tokens} of the request, null when neither is set. */
    public Long getMaxTokens() {
        return maxTokens;
    }

    /** The upstream model of the alias target. */
    public String getModel() {
        return model;
    }

    public boolean isStream() {
        return stream;
    }

    /** The provider's id in the config. */
    public String getProvider() {
        return providerId;
    }

    /** The provider's {@code options}, as read-only maps and lists (empty when none). */
    public Map<String, Object> getOptions() {
        return options;
    }

    public String getTraceId() {
        return traceId;
    }

    private static Long maxTokens(JsonNode body) {
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode value = body.get(field);
            if (value != null && value.canConvertToLong()) {
                return value.asLong();
            }
        }
        return null;
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
