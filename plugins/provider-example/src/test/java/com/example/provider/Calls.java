package com.example.provider;

import com.fasterxml.jackson.databind.JsonNode;
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

/** The provider and the calls as the gateway builds them (fixtures come from the kit's {@code Fixtures}). */
final class Calls {

    static final String KEY = "sk-example-upstream-key-0123456789";

    private Calls() {}

    static ProviderSettings provider(JsonNode options) {
        return new ProviderSettings("ex", "example", URI.create("http://upstream.test/v1/"), Secret.of(KEY),
                Duration.ofSeconds(30), Map.of("X-Team", "search"), options);
    }

    static ProviderCall call(ObjectNode body, boolean stream, JsonNode options) {
        RequestContext context = new RequestContext("trace-1", "acme", "key-1", "dev", body.path("model").asText(),
                Map.of(), Instant.parse("2025-01-01T00:00:00Z"));
        return new ProviderCall(ApiFamily.CHAT_COMPLETIONS, body, "gpt-4o-mini", stream, provider(options), context);
    }
}
