package dev.caravan.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One YAML mapping of the config file and its path ({@code models[1].targets[0]}). Readers interpolate
 * the scalar they read, report any problem against the exact path and return "absent" instead, so
 * binding goes on and every problem is found in one pass. An absent, {@code null} or empty
 * (after interpolation) value counts as not set.
 */
final class ConfigNode {

    private final JsonNode node;
    private final String path;
    private final EnvInterpolator env;
    private final ConfigProblems problems;

    private ConfigNode(JsonNode node, String path, EnvInterpolator env, ConfigProblems problems) {
        this.node = node;
        this.path = path;
        this.env = env;
        this.problems = problems;
    }

    static ConfigNode root(JsonNode document, EnvInterpolator env, ConfigProblems problems) {
        if (document != null && !document.isMissingNode() && !document.isNull() && !document.isObject()) {
            problems.add("(root)", "must be a mapping of sections (server, storage, ...), got " + ConfigValues.kind(document));
            return new ConfigNode(MissingNode.getInstance(), "", env, problems);
        }
        return new ConfigNode(document == null ? MissingNode.getInstance() : document, "", env, problems);
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void report(String key, String message) {
        problems.add(pathOf(key), message);
    }

    /** A deprecated form at {@code key}, with the text that replaces it. */
    void warn(String key, String message) {
        problems.warn(pathOf(key), message);
    }

    String path() {
        return path;
    }

    /** Reports every key not in {@code allowed}: a typo must fail start-up, not silently keep a default. */
    void allowOnly(String... allowed) {
        Set<String> names = Set.of(allowed);
        node.fieldNames().forEachRemaining(name -> {
            if (!names.contains(name)) {
                report(name, "unknown key" + KeySuggestion.didYouMean(name, names));
            }
        });
    }

    /** A nested mapping; absent reads as an empty one. */
    ConfigNode section(String key) {
        JsonNode child = value(key);
        if (child != null && !child.isObject()) {
            report(key, "must be a mapping, got " + ConfigValues.kind(child));
            child = null;
        }
        return new ConfigNode(child == null ? MissingNode.getInstance() : child, pathOf(key), env, problems);
    }

    /** A list of mappings; absent reads as an empty list. */
    List<ConfigNode> items(String key) {
        JsonNode child = value(key);
        if (child == null) {
            return List.of();
        }
        if (!child.isArray()) {
            report(key, "must be a list, got " + ConfigValues.kind(child));
            return List.of();
        }
        List<ConfigNode> items = new ArrayList<>();
        for (int i = 0; i < child.size(); i++) {
            String itemPath = pathOf(key) + "[" + i + "]";
            JsonNode item = child.get(i);
            if (item.isObject()) {
                items.add(new ConfigNode(item, itemPath, env, problems));
            } else {
                problems.add(itemPath, "must be a mapping, got " + ConfigValues.kind(item));
            }
        }
        return items;
    }

    boolean has(String key) {
        return value(key) != null;
    }

    boolean isEmptyList(String key) {
        JsonNode value = value(key);
        return value != null && value.isArray() && value.isEmpty();
    }

    /** A string value; numbers and booleans are refused, since YAML would have altered them (1.10 → 1.1). */
    Optional<String> text(String key) {
        return string(node.get(key), pathOf(key));
    }

    Optional<Secret> secret(String key) {
        return string(node.get(key), pathOf(key)).map(Secret::of);
    }

    /** A string that must be set; reports "required" unless a more precise problem was already reported. */
    Optional<String> requiredText(String key) {
        int before = problems.count();
        Optional<String> value = text(key);
        if (value.isEmpty() && problems.count() == before) {
            report(key, "required");
        }
        return value;
    }

    Optional<Secret> requiredSecret(String key) {
        return requiredText(key).map(Secret::of);
    }

    /**
     * A scalar that may be written as a YAML number or boolean, or come as a string from an env
     * variable; {@code expectation} ("must be an integer between 1 and 10") words the problem.
     */
    Optional<String> scalar(String key, String expectation) {
        JsonNode value = value(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isContainerNode() || value.isBinary() || value.isPojo()) {
            report(key, expectation + ", got " + ConfigValues.kind(value));
            return Optional.empty();
        }
        if (!value.isTextual()) {
            return Optional.of(value.asText());
        }
        return env.apply(value.textValue(), pathOf(key), problems).filter(s -> !s.isEmpty());
    }

    /**
     * A list of strings; absent reads as an empty list, empty entries are skipped. {@code check}
     * returns the problem with an entry, or null; it is reported at the entry's own path.
     */
    List<String> texts(String key, Function<String, String> check) {
        JsonNode value = value(key);
        if (value != null && !value.isArray()) {
            report(key, "must be a list of strings, got " + ConfigValues.kind(value));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; value != null && value.isArray() && i < value.size(); i++) {
            String at = pathOf(key) + "[" + i + "]";
            string(value.get(i), at).ifPresent(entry -> {
                String problem = check.apply(entry);
                if (problem != null) {
                    problems.add(at, problem);
                }
                out.add(entry);
            });
        }
        return out;
    }

    /** A list of integers in [min, max]; absent reads as empty. Each bad entry is reported at its own path. */
    List<Integer> integers(String key, int min, int max) {
        JsonNode value = value(key);
        if (value != null && !value.isArray()) {
            report(key, "must be a list of integers, got " + ConfigValues.kind(value));
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; value != null && value.isArray() && i < value.size(); i++) {
            JsonNode entry = value.get(i);
            if (entry.canConvertToInt() && entry.isIntegralNumber() && entry.asInt() >= min && entry.asInt() <= max) {
                out.add(entry.asInt());
            } else {
                problems.add(pathOf(key) + "[" + i + "]", "must be an integer between " + min + " and " + max
                        + ", got " + (entry.isValueNode() ? "'" + entry.asText() + "'" : ConfigValues.kind(entry)));
            }
        }
        return out;
    }

    /**
     * The mappings of a list another binder owns and already validated: anything malformed is
     * skipped without a second report.
     */
    List<ConfigNode> itemsQuietly(String key) {
        JsonNode child = value(key);
        List<ConfigNode> items = new ArrayList<>();
        for (int i = 0; child != null && child.isArray() && i < child.size(); i++) {
            if (child.get(i).isObject()) {
                items.add(new ConfigNode(child.get(i), pathOf(key) + "[" + i + "]", env, problems));
            }
        }
        return items;
    }

    /** A string as written, or null; for names another binder validates and reports. */
    String quietText(String key) {
        JsonNode value = value(key);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /** This whole mapping without {@code excluded} keys, its strings interpolated: options handed on to a plugin. */
    ObjectNode optionsWithout(String... excluded) {
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        copy.remove(List.of(excluded));
        return (ObjectNode) env.applyDeep(copy, path, problems);
    }

    /** A mapping of string to string, in file order; absent reads as empty, empty values are dropped. */
    Map<String, String> textMap(String key) {
        ConfigNode map = section(key);
        Map<String, String> out = new LinkedHashMap<>();
        map.node.fieldNames().forEachRemaining(name -> map.text(name).ifPresent(v -> out.put(name, v)));
        return out;
    }

    /** A free-form mapping handed on as is (after interpolation of its strings). */
    ObjectNode freeForm(String key) {
        ConfigNode map = section(key);
        return map.node.isObject()
                ? (ObjectNode) env.applyDeep(map.node, map.path, problems)
                : JsonNodeFactory.instance.objectNode();
    }

    /** A value as written (null when absent), for sections handed on to another component unread. */
    JsonNode raw(String key) {
        return value(key);
    }

    private JsonNode value(String key) {
        JsonNode child = node.get(key);
        return child == null || child.isNull() ? null : child;
    }

    private Optional<String> string(JsonNode value, String at) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            String hint = value.isValueNode() ? " (quote it)" : "";
            problems.add(at, "must be a string, got " + ConfigValues.kind(value) + hint);
            return Optional.empty();
        }
        return env.apply(value.textValue(), at, problems).filter(s -> !s.isEmpty());
    }
}
