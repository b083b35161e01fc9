package dev.caravan.plugins.gemini;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.RequestContext;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.ProviderCall;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Provider calls as the platform builds them for a Gemini provider. */
final class Calls {

    /** Shaped like a Google API key ("AIza" + 35 characters); the 403 fixture quotes it. */
    static final String KEY = "AIzaSyD-test-0123456789abcdefghijklmnop";
    static final String MODEL = "gemini-2.5-flash";
    static final Instant RECEIVED = Instant.parse("2025-01-01T00:00:00Z");

    private Calls() {}

    static ProviderSettings provider(String apiKey, Map<String, String> headers) {
        return new ProviderSettings("gemini", "gemini", URI.create("https://generativelanguage.googleapis.com/v1beta"),
                Secret.of(apiKey), Duration.ofSeconds(30), headers, null);
    }

    static ProviderCall call(ObjectNode body, boolean stream, String model, ProviderSettings provider) {
        RequestContext context = new RequestContext("trace-1", "default", "key-1", "dev", body.path("model").asText(),
                Map.of(), RECEIVED);
        return new ProviderCall(ApiFamily.CHAT_COMPLETIONS, body, model, stream, provider, context);
    }

    static ProviderCall call(ObjectNode body, boolean stream, String model) {
        return call(body, stream, model, provider(KEY, Map.of()));
    }

    static ProviderCall call(ObjectNode body, boolean stream) {
        return call(body, stream, MODEL);
    }
}
