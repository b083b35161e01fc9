package com.example.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.RequestContext;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.SseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Wire samples under {@code src/test/resources/fixtures/} and calls as the gateway builds them. */
final class Fixtures {

    static final String KEY = "sk-example-upstream-key-0123456789";

    private Fixtures() {}

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String name) {
        return json(bytes(name));
    }

    static JsonNode json(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode body(String jsonText) {
        return (ObjectNode) json(jsonText.getBytes(StandardCharsets.UTF_8));
    }

    /** The events of an SSE fixture as the gateway hands them over: data lines joined. */
    static List<SseEvent> events(String name) {
        List<SseEvent> events = new ArrayList<>();
        for (String block : new String(bytes(name), StandardCharsets.UTF_8).split("\n\n")) {
            List<String> data = block.lines().filter(l -> l.startsWith("data:")).map(l -> l.substring(5).strip()).toList();
            if (!data.isEmpty()) {
                events.add(SseEvent.data(String.join("\n", data)));
            }
        }
        return events;
    }

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
