package com.example.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.provider.OptionsException;
import dev.caravan.api.provider.ProviderOptions;

/**
 * The plugin's {@code providers[].options}, bound by plugin-api's {@link ProviderOptions}: names
 * are the components in snake_case, unknown options and wrong types are refused with the option's
 * name, absent ones arrive as null and get their defaults here.
 *
 * <pre>
 * options: { system_prompt: "Answer in English.", streaming: false }
 * </pre>
 *
 * @param systemPrompt a system message put before the client's messages, or null
 * @param streaming    whether the provider serves {@code stream: true} (default true)
 */
record ExampleOptions(String systemPrompt, Boolean streaming) {

    static final ExampleOptions DEFAULT = new ExampleOptions(null, true);

    ExampleOptions {
        if (systemPrompt != null && systemPrompt.isBlank()) {
            throw new OptionsException("system_prompt", "expected a non-empty string");
        }
        streaming = streaming == null || streaming;
    }

    /** Binds {@code options}; throws {@link OptionsException} naming the option. */
    static ExampleOptions of(JsonNode options) {
        return ProviderOptions.bind(options, ExampleOptions.class);
    }
}
