package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Type checks of the optional top-level fields a parse stage does not look at itself: the gateway
 * reads or forwards them, and a wrong type would otherwise reach the provider (whose error names a
 * field the caller did not send, or is a 500) or be dropped by a translation without a word. A
 * field that is absent or {@code null} passes; anything else must match its rule.
 */
final class FieldTypes {

    /** One field's rule; {@code expected} completes "expected ..." in the error message. */
    record Rule(String field, String expected, Predicate<JsonNode> ok) {}

    /** How a refusal is worded: OpenAI's or Anthropic's style, with the field as {@code param}. */
    interface Wording {
        GatewayException refuse(String field, String expected, JsonNode got);
    }

    static final Wording OPENAI = (field, expected, got) -> GatewayException.badRequest(field,
            "Invalid '" + field + "': expected " + expected + ", but got " + shown(got) + ".");

    static final Wording ANTHROPIC = (field, expected, got) -> GatewayException.badRequest(field,
            field + ": expected " + expected + ", got " + shown(got));

    private FieldTypes() {}

    static void check(ObjectNode body, List<Rule> rules, Wording wording) {
        for (Rule rule : rules) {
            JsonNode value = body.get(rule.field());
            if (value != null && !value.isNull() && !rule.ok().test(value)) {
                throw wording.refuse(rule.field(), rule.expected(), value);
            }
        }
    }

    static Rule string(String field) {
        return new Rule(field, "a string", JsonNode::isTextual);
    }

    static Rule bool(String field) {
        return new Rule(field, "a boolean", JsonNode::isBoolean);
    }

    static Rule object(String field) {
        return new Rule(field, "an object", JsonNode::isObject);
    }

    static Rule array(String field) {
        return new Rule(field, "an array", JsonNode::isArray);
    }

    static Rule stringOrObject(String field) {
        return new Rule(field, "a string or an object", v -> v.isTextual() || v.isObject());
    }

    /** An object whose values are all strings (OpenAI's and Anthropic's {@code metadata}). */
    static Rule stringMap(String field) {
        return new Rule(field, "an object of string values", v -> {
            if (!v.isObject()) {
                return false;
            }
            for (JsonNode entry : v) {
                if (!entry.isTextual()) {
                    return false;
                }
            }
            return true;
        });
    }

    static Rule strings(String field) {
        return new Rule(field, "an array of strings", v -> {
            if (!v.isArray()) {
                return false;
            }
            for (JsonNode entry : v) {
                if (!entry.isTextual()) {
                    return false;
                }
            }
            return true;
        });
    }

    /** {@code stop}: one string, or up to {@code max} of them. */
    static Rule stringOrStrings(String field, int max) {
        Rule strings = strings(field);
        return new Rule(field, "a string or an array of at most " + max + " strings",
                v -> v.isTextual() || (strings.ok().test(v) && v.size() <= max));
    }

    /** An object whose values are all numbers in {@code [min, max]} ({@code logit_bias}). */
    static Rule numberMap(String field, double min, double max) {
        return new Rule(field, "an object of numbers from " + plain(min) + " to " + plain(max), v -> {
            if (!v.isObject()) {
                return false;
            }
            for (JsonNode entry : v) {
                if (!entry.isNumber() || entry.asDouble() < min || entry.asDouble() > max) {
                    return false;
                }
            }
            return true;
        });
    }

    static Rule oneOf(String field, String... values) {
        List<String> allowed = List.of(values);
        return new Rule(field, "one of '" + String.join("', '", values) + "'", v -> v.isTextual() && allowed.contains(v.asText()));
    }

    static Rule number(String field, double min, double max) {
        return new Rule(field, "a number from " + plain(min) + " to " + plain(max),
                v -> v.isNumber() && v.asDouble() >= min && v.asDouble() <= max);
    }

    static Rule integer(String field, long min, long max) {
        return new Rule(field, "an integer from " + min + " to " + max,
                v -> v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= min && v.asLong() <= max);
    }

    /** An object with a string {@code type} ({@code tool_choice}, {@code thinking} on Anthropic). */
    static Rule typedObject(String field) {
        return new Rule(field, "an object with a string 'type'", v -> v.isObject() && v.path("type").isTextual());
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** The type of a value, and short scalars themselves; never a long string (it may be prompt text). */
    private static String shown(JsonNode got) {
        String type = got.getNodeType().name().toLowerCase(Locale.ROOT);
        if (got.isNumber() || got.isBoolean()) {
            return type + " " + got.asText();
        }
        return type;
    }
}
