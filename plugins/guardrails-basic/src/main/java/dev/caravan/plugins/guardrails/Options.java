package dev.caravan.plugins.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of one configured guardrail, read and validated once in {@code configure}. Every
 * problem is an {@link IllegalArgumentException} whose message starts with the option's name
 * (e.g. {@code max: must be a whole number from 1}), which the platform prefixes with the config path.
 *
 * <p>Numbers and booleans may also be given as strings ({@code "1000"}, {@code "true"}), as the
 * platform's configuration allows for values taken from environment variables.
 *
 * <p>The keys {@code plugin} and {@code on} belong to the platform's guardrail entry and are
 * ignored here; any other unknown key is an error, so a typo never silently disables a check.
 */
final class Options {

    private static final Set<String> PLATFORM_KEYS = Set.of("plugin", "on");

    private final ObjectNode node;

    private Options(ObjectNode node) {
        this.node = node;
    }

    /** Validates that {@code options} is an object (or absent) with only {@code known} keys. */
    static Options of(JsonNode options, Set<String> known) {
        if (options == null || options.isNull() || options.isMissingNode()) {
            return new Options(JsonNodeFactory.instance.objectNode());
        }
        if (!options.isObject()) {
            throw new IllegalArgumentException("options: must be an object, got " + options.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        for (Iterator<String> names = options.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name) && !PLATFORM_KEYS.contains(name)) {
                throw new IllegalArgumentException(name + ": unknown option; known options: " + String.join(", ", new TreeSet<>(known)));
            }
        }
        return new Options((ObjectNode) options);
    }

    boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    JsonNode get(String name) {
        return node.get(name);
    }

    /** A list of non-blank strings; empty when absent. */
    List<String> strings(String name) {
        if (!has(name)) {
            return List.of();
        }
        JsonNode v = node.get(name);
        if (!v.isArray()) {
            throw new IllegalArgumentException(name + ": must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                throw new IllegalArgumentException(name + "[" + i + "]: must be a non-empty string");
            }
            out.add(item.asText());
        }
        return out;
    }

    /** A required, non-empty list of non-blank strings. */
    List<String> requiredStrings(String name) {
        List<String> out = strings(name);
        if (out.isEmpty()) {
            throw new IllegalArgumentException(name + ": required, a non-empty list of strings");
        }
        return out;
    }

    String text(String name, String fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode v = node.get(name);
        if (!v.isTextual()) {
            throw new IllegalArgumentException(name + ": must be a string");
        }
        return v.asText();
    }

    int integer(String name, int min, int max, Integer fallback) {
        if (!has(name)) {
            if (fallback == null) {
                throw new IllegalArgumentException(name + ": required, a whole number from " + min);
            }
            return fallback;
        }
        JsonNode v = node.get(name);
        long value;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            value = v.asLong();
        } else if (v.isTextual() && v.asText().strip().matches("-?\\d{1,18}")) { // e.g. from an environment variable
            value = Long.parseLong(v.asText().strip());
        } else {
            value = Long.MIN_VALUE;
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": must be a whole number from " + min + " to " + max + ", got " + v);
        }
        return (int) value;
    }

    double decimal(String name, double minExclusive, double maxInclusive, double fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode v = node.get(name);
        double value = Double.NaN;
        if (v.isNumber()) {
            value = v.asDouble();
        } else if (v.isTextual() && v.asText().strip().matches("\\d{1,9}(?:\\.\\d{1,9})?")) {
            value = Double.parseDouble(v.asText().strip());
        }
        if (!(value > minExclusive && value <= maxInclusive)) {
            throw new IllegalArgumentException(name + ": must be a number above " + minExclusive + " and at most " + maxInclusive + ", got " + v);
        }
        return value;
    }

    boolean bool(String name, boolean fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode v = node.get(name);
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
            return Boolean.parseBoolean(v.asText());
        }
        throw new IllegalArgumentException(name + ": must be true or false, got " + v);
    }
}
