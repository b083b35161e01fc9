package dev.caravan.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays recorded wire samples: files under {@code src/test/resources/fixtures/} (on the test
 * classpath as {@code /fixtures/<name>}), written from the provider's API reference, never from a
 * live account.
 */
public final class Fixtures {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {}

    /** The bytes of fixture {@code name}. */
    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name + " (src/test/resources/fixtures/" + name + ")");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** The JSON object in fixture {@code name}. */
    public static ObjectNode json(String name) {
        return (ObjectNode) tree(bytes(name));
    }

    /** The JSON in {@code bytes} (e.g. an upstream body a translator built). */
    public static JsonNode json(byte[] bytes) {
        return tree(bytes);
    }

    public static JsonNode tree(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(String text) {
        return tree(text.getBytes(StandardCharsets.UTF_8));
    }

    public static ObjectNode object(String text) {
        return (ObjectNode) tree(text);
    }

    /**
     * A JSON object written in a test with single quotes for readability: every {@code '} stands
     * for {@code "} ({@code body("{'model': 'm'}")}), so {@code \\'} inside a string is an escaped quote.
     */
    public static ObjectNode body(String json) {
        return (ObjectNode) tree(json.replace('\'', '"'));
    }

    /** The events of SSE fixture {@code name}, as the gateway hands them over ({@link SseFrames#split}). */
    public static List<SseEvent> events(String name) {
        return SseFrames.split(text(name));
    }

    /** Replays {@code upstream} through the translator, then completes it: what the client receives. */
    public static List<SseEvent> replay(StreamTranslator translator, List<SseEvent> upstream) {
        List<SseEvent> sent = new ArrayList<>();
        upstream.forEach(event -> sent.addAll(translator.onEvent(event)));
        sent.addAll(translator.onComplete());
        return sent;
    }
}
