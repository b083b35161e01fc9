package dev.caravan.plugins.anthropic;

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

/** Wire samples under {@code src/test/resources/fixtures/}, written from Anthropic's and OpenAI's API references. */
final class Fixtures {

    static final ObjectMapper MAPPER = new ObjectMapper();

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

    static ObjectNode json(String name) {
        return (ObjectNode) tree(bytes(name));
    }

    static JsonNode tree(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String text) {
        return tree(text.getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode object(String text) {
        return (ObjectNode) tree(text);
    }

    /** The events of an SSE fixture, framed as the platform hands them over (data lines joined). */
    static List<SseEvent> events(String name) {
        String text = new String(bytes(name), StandardCharsets.UTF_8).replace("\r\n", "\n");
        List<SseEvent> events = new ArrayList<>();
        for (String block : text.split("\n\n")) {
            String event = null;
            List<String> data = new ArrayList<>();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5).stripLeading());
                }
            }
            if (!data.isEmpty()) {
                events.add(new SseEvent(event, String.join("\n", data)));
            }
        }
        return events;
    }

    /** Replays {@code upstream} through the translator, then completes it: what the client receives. */
    static List<SseEvent> replay(StreamTranslator translator, List<SseEvent> upstream) {
        List<SseEvent> sent = new ArrayList<>();
        upstream.forEach(event -> sent.addAll(translator.onEvent(event)));
        sent.addAll(translator.onComplete());
        return sent;
    }
}
