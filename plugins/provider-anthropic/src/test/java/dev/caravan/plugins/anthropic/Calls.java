package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.RequestContext;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.testkit.ProviderHarness;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Provider calls as the platform builds them, for an Anthropic provider. */
final class Calls {

    static final String KEY = "sk-ant-api03-test0123456789abcdefghijklmnopqrstuvwxyz";
    static final String TARGET_MODEL = "claude-sonnet-4-5-20250929";
    /** 2025-01-01T00:00:00Z, the {@code created} time in the expected fixtures. */
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1735689600), ZoneOffset.UTC);

    private Calls() {}

    static ProviderHarness adapter() {
        return new ProviderHarness(new AnthropicAdapter(CLOCK));
    }

    static ProviderSettings provider(String apiKey, Map<String, String> headers, JsonNode options) {
        return new ProviderSettings("anthropic", "anthropic", URI.create("https://api.anthropic.com/v1"), Secret.of(apiKey),
                Duration.ofSeconds(60), headers, options);
    }

    static ProviderSettings provider() {
        return provider(KEY, Map.of(), null);
    }

    static ProviderCall call(ApiFamily family, ObjectNode body, boolean stream, ProviderSettings provider) {
        RequestContext context = new RequestContext("trace-1", "default", "key-1", "dev", body.path("model").asText(),
                Map.of(), Instant.parse("2025-01-01T00:00:00Z"));
        return new ProviderCall(family, body, TARGET_MODEL, stream, provider, context);
    }

    static ProviderCall chat(ObjectNode body) {
        return call(ApiFamily.CHAT_COMPLETIONS, body, body.path("stream").asBoolean(false), provider());
    }

    static ProviderCall messages(ObjectNode body) {
        return call(ApiFamily.MESSAGES, body, body.path("stream").asBoolean(false), provider());
    }
}
