package com.example.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;

/**
 * The plugin's {@code providers[].options}:
 *
 * <pre>
 * options: { system_prompt: "Answer in English.", streaming: false }
 * </pre>
 *
 * @param systemPrompt a system message put before the client's messages, or null
 * @param streaming    whether the provider serves {@code stream: true} (default true)
 */
record ExampleOptions(String systemPrompt, boolean streaming) {

    static final ExampleOptions DEFAULT = new ExampleOptions(null, true);
    private static final List<String> KNOWN = List.of("system_prompt", "streaming");

    /**
     * Parses {@code options}, throwing {@link IllegalArgumentException} with a message that starts
     * with the option's name, as {@code ProviderAdapter.checkOptions} requires.
     */
    static ExampleOptions of(JsonNode options) {
        if (options == null || options.isNull() || options.isMissingNode()) {
            return DEFAULT;
        }
        if (!options.isObject()) {
            throw new IllegalArgumentException("options: must be an object");
        }
        for (Iterator<String> names = options.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException(name + ": unknown option (known: " + String.join(", ", KNOWN) + ")");
            }
        }
        JsonNode prompt = options.path("system_prompt");
        if (!prompt.isMissingNode() && (!prompt.isTextual() || prompt.asText().isBlank())) {
            throw new IllegalArgumentException("system_prompt: must be a non-empty string");
        }
        JsonNode streaming = options.path("streaming");
        if (!streaming.isMissingNode() && !streaming.isBoolean()) {
            throw new IllegalArgumentException("streaming: must be true or false");
        }
        return new ExampleOptions(prompt.isTextual() ? prompt.asText() : null, streaming.asBoolean(true));
    }
}
