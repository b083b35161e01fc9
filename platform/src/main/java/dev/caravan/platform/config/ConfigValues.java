package dev.caravan.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed scalars: integers in a range, byte sizes, booleans and paths. Each accepts the YAML scalar
 * or the same text from an env variable ({@code port: ${PORT:-8080}}), and falls back to the
 * default when the value is absent or wrong (wrong is reported with the value it got).
 */
final class ConfigValues {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([A-Za-z]*)");
    private static final Map<String, Long> UNITS = Map.of(
            "", 1L, "b", 1L,
            "kb", 1_000L, "mb", 1_000_000L, "gb", 1_000_000_000L,
            "kib", 1L << 10, "mib", 1L << 20, "gib", 1L << 30);

    private ConfigValues() {}

    static int integer(ConfigNode node, String key, int fallback, int min, int max) {
        String expectation = "must be an integer between " + min + " and " + max;
        Optional<String> text = node.scalar(key, expectation);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.get().trim());
            if (value >= min && value <= max) {
                return (int) value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        node.report(key, expectation + ", got '" + text.get() + "'");
        return fallback;
    }

    /** A byte count: {@code 8388608}, {@code "8MiB"}, {@code "512 KiB"}, {@code "2MB"} (KB/MB/GB are powers of 1000). */
    static long bytes(ConfigNode node, String key, long fallback, long max) {
        String expectation = "must be a size between 1 and " + max + " bytes, such as 8388608 or 8MiB";
        Optional<String> text = node.scalar(key, expectation);
        if (text.isEmpty()) {
            return fallback;
        }
        Matcher m = SIZE.matcher(text.get().trim());
        Long unit = m.matches() ? UNITS.get(m.group(2).toLowerCase(Locale.ROOT)) : null;
        if (unit != null && m.group(1).length() <= 12) {
            long value = Long.parseLong(m.group(1)) * unit;
            if (value >= 1 && value <= max) {
                return value;
            }
        }
        node.report(key, expectation + ", got '" + text.get() + "'");
        return fallback;
    }

    static boolean bool(ConfigNode node, String key, boolean fallback) {
        Optional<String> text = node.scalar(key, "must be true or false");
        if (text.isEmpty()) {
            return fallback;
        }
        String value = text.get().trim().toLowerCase(Locale.ROOT);
        if (value.equals("true") || value.equals("false")) {
            return value.equals("true");
        }
        node.report(key, "must be true or false, got '" + text.get() + "'");
        return fallback;
    }

    /** A file or folder; a relative path resolves against the working directory, as the JVM does. */
    static Path path(ConfigNode node, String key, Path fallback) {
        Optional<String> text = node.text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return Path.of(text.get());
        } catch (InvalidPathException e) {
            node.report(key, "not a valid path: " + e.getReason());
            return fallback;
        }
    }

    /** How a node reads in a message, without quoting containers. */
    static String kind(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isTextual()) {
            return "a string";
        }
        return node.isBinary() ? "binary data" : "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
