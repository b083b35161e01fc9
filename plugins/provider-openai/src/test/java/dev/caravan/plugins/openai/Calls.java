package dev.caravan.plugins.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.RequestContext;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.ProviderCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Provider calls as the platform builds them. */
final class Calls {

    static final String KEY = "sk-test-0123456789abcdefghijklmnop";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Calls() {}

    static ProviderSettings provider(String apiKey, Map<String, String> headers) {
        return new ProviderSettings("openai", "openai", URI.create("https://api.openai.com/v1"), Secret.of(apiKey),
                Duration.ofSeconds(30), headers, null);
    }

    /** A provider at {@code baseUrl} with the key and {@code options} written as JSON (YAML flow style is not needed here). */
    static ProviderSettings provider(String id, String baseUrl, String optionsJson) {
        try {
            return new ProviderSettings(id, "openai", URI.create(baseUrl), Secret.of(KEY), Duration.ofSeconds(30), Map.of(),
                    optionsJson == null ? null : MAPPER.readTree(optionsJson));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ProviderCall call(ObjectNode body, boolean stream, ProviderSettings provider) {
        return call(ApiFamily.CHAT_COMPLETIONS, body, "gpt-4o-mini", stream, provider);
    }

    static ProviderCall call(ApiFamily family, ObjectNode body, String targetModel, boolean stream, ProviderSettings provider) {
        RequestContext context = new RequestContext("trace-1", "default", "key-1", "dev", body.path("model").asText(),
                Map.of(), Instant.parse("2025-01-01T00:00:00Z"));
        return new ProviderCall(family, body, targetModel, stream, provider, context);
    }

    static ProviderCall call(ObjectNode body, boolean stream) {
        return call(body, stream, provider(KEY, Map.of()));
    }
}
