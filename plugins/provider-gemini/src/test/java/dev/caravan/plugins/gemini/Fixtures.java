package dev.caravan.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.SseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Wire samples under {@code src/test/resources/fixtures/}, written from Google's Gemini API reference. */
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
        return (ObjectNode) parse(bytes(name));
    }

    /** A JSON body written in a test, with single quotes for readability. */
    static ObjectNode body(String singleQuotedJson) {
        return (ObjectNode) parse(singleQuotedJson.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode parse(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
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
}
