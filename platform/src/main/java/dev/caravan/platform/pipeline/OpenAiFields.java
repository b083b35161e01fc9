package dev.caravan.platform.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** The checks the OpenAI-style parse stages share, with OpenAI's wording and the field as {@code param}. */
final class OpenAiFields {

    private OpenAiFields() {}

    static JsonNode required(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw GatewayException.badRequest(field, "Missing required parameter: '" + field + "'.");
        }
        return value;
    }

    /** {@code stream} when present must be a boolean; returns whether a stream was asked for. */
    static boolean stream(ObjectNode body) {
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw invalidType("stream", "a boolean", stream);
        }
        return stream != null && stream.asBoolean();
    }

    static void optionalString(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value != null && !value.isNull() && !value.isTextual()) {
            throw invalidType(field, "a string", value);
        }
    }

    static void optionalPositiveInt(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value != null && !value.isNull() && (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1)) {
            throw GatewayException.badRequest(field, "Invalid '" + field + "': expected an integer of at least 1.");
        }
    }

    /** {@code tools}, when present: an array of objects with a string {@code type}. */
    static void tools(ObjectNode body) {
        JsonNode tools = body.get("tools");
        if (tools == null || tools.isNull()) {
            return;
        }
        if (!tools.isArray()) {
            throw invalidType("tools", "an array", tools);
        }
        for (int i = 0; i < tools.size(); i++) {
            if (!tools.get(i).isObject() || !tools.get(i).path("type").isTextual()) {
                throw GatewayException.badRequest("tools[" + i + "]", "Invalid 'tools[" + i + "]': expected an object with a 'type'.");
            }
        }
    }

    static GatewayException invalidType(String field, String expected, JsonNode got) {
        return GatewayException.badRequest(field, "Invalid type for '" + field + "': expected " + expected + ", but got "
                + got.getNodeType().name().toLowerCase(Locale.ROOT) + ".");
    }
}
