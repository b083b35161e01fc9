package dev.caravan.platform.families;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** The one JSON mapper of the translators, and the few conversions they all need. */
final class FamilyJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private FamilyJson() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible); // a tree always serialises
        }
    }

    static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Parses an upstream body the adapter already accepted as JSON; anything else is a translation bug. */
    static ObjectNode parseObject(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            throw new IllegalStateException("the chat completion is not JSON", e);
        }
        throw new IllegalStateException("the chat completion is not a JSON object");
    }

    static ObjectNode parseObject(String data) {
        try {
            JsonNode node = MAPPER.readTree(data);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Tool arguments as an object; a model that produced invalid JSON gets its text kept under {@code _raw}. */
    static ObjectNode arguments(String json) {
        if (json == null || json.isBlank()) {
            return object();
        }
        ObjectNode parsed = parseObject(json);
        if (parsed != null) {
            return parsed;
        }
        ObjectNode raw = object();
        raw.put("_raw", json);
        return raw;
    }

    static long count(JsonNode node) {
        return node != null && node.canConvertToLong() ? Math.max(0, node.asLong()) : 0;
    }
}
