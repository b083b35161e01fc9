package dev.caravan.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in scalar strings; <code>$${</code> is a
 * literal <code>${</code>. It runs on parsed scalars, never on the YAML text, so a variable's value can never
 * inject YAML structure. Messages name the variable but never quote the value around it, which may
 * be a secret.
 */
final class EnvInterpolator {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> env;

    EnvInterpolator(Map<String, String> env) {
        this.env = env == null ? Map.of() : env;
    }

    /** The interpolated value, or empty when a placeholder could not be resolved (each one reported). */
    Optional<String> apply(String raw, String path, ConfigProblems problems) {
        if (raw.indexOf('$') < 0) {
            return Optional.of(raw);
        }
        StringBuilder out = new StringBuilder(raw.length());
        boolean failed = false;
        int i = 0;
        while (i < raw.length()) {
            if (raw.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (raw.startsWith("${", i)) {
                int end = raw.indexOf('}', i + 2);
                if (end < 0) {
                    problems.add(path, "unterminated '${' at character " + (i + 1) + " (missing '}'; write '$${' for a literal '${')");
                    return Optional.empty();
                }
                String value = resolve(raw.substring(i + 2, end), i + 1, path, problems);
                failed |= value == null;
                out.append(value == null ? "" : value);
                i = end + 1;
            } else {
                out.append(raw.charAt(i++));
            }
        }
        return failed ? Optional.empty() : Optional.of(out.toString());
    }

    /** Like {@link #apply} on every string inside a free-form subtree; unresolved strings stay as written. */
    JsonNode applyDeep(JsonNode node, String path, ConfigProblems problems) {
        if (node.isTextual()) {
            return apply(node.textValue(), path, problems).map(s -> (JsonNode) TextNode.valueOf(s)).orElse(node);
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), applyDeep(e.getValue(), path + "." + e.getKey(), problems)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                copy.add(applyDeep(node.get(i), path + "[" + i + "]", problems));
            }
            return copy;
        }
        return node.deepCopy();
    }

    private String resolve(String body, int position, String path, ConfigProblems problems) {
        int sep = body.indexOf(":-");
        String name = sep < 0 ? body : body.substring(0, sep);
        if (!NAME.matcher(name).matches()) {
            problems.add(path, "invalid placeholder at character " + position
                    + ": expected ${NAME} or ${NAME:-default} with NAME matching [A-Za-z_][A-Za-z0-9_]*");
            return null;
        }
        String value = env.get(name);
        if (sep >= 0 && (value == null || value.isEmpty())) {
            return body.substring(sep + 2);
        }
        if (value == null) {
            problems.add(path, "environment variable " + name + " is not set");
        }
        return value;
    }
}
