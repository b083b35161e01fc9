package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;

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

    /** The most output tokens a request may ask for: beyond any model's limit, and far from overflowing a reservation. */
    static final long MAX_OUTPUT_TOKENS = 1_000_000;
    /** The most choices ({@code n}, {@code best_of}) a request may ask for; OpenAI's own limit is 128. */
    static final long MAX_CHOICES = 128;

    /**
     * The fields a budget reservation multiplies: the output caps and the number of choices. Each,
     * when present, must be an integer in its range; checked at parse time so a malformed one
     * answers 400 naming it, never a budget refusal (429s are retried by SDKs).
     */
    static void generationLimits(ObjectNode body) {
        for (String field : new String[] {"max_tokens", "max_completion_tokens", "max_output_tokens"}) {
            integerIn(body, field, 1, MAX_OUTPUT_TOKENS);
        }
        integerIn(body, "n", 1, MAX_CHOICES);
        integerIn(body, "best_of", 1, MAX_CHOICES);
    }

    static void integerIn(ObjectNode body, String field, long min, long max) {
        JsonNode value = body.get(field);
        if (value != null && !value.isNull() && !(value.isIntegralNumber() && value.canConvertToLong()
                && value.asLong() >= min && value.asLong() <= max)) {
            throw GatewayException.badRequest(field, "Invalid '" + field + "': expected an integer from " + min + " to " + max + ".");
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
