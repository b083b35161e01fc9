package dev.caravan.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The start-up warnings of the older per-tenant forms, each with the exact text of the
 * {@code scope:} form that replaces it. Values are shown as written in the file (placeholders such
 * as {@code ${VAR}} uninterpolated), so a warning never carries a secret the environment supplied.
 */
final class ScopedForms {

    private static final Pattern NOT_PLAIN = Pattern.compile("(?i)true|false|yes|no|on|off|null|~|[-+]?[0-9.].*");

    private ScopedForms() {}

    /** For a nested {@code tenants[i].guardrails} (or keys[], models[]) list. */
    static String guardrails(JsonNode list, Scope scope) {
        List<String> entries = new ArrayList<>();
        for (JsonNode entry : list) {
            if (entry.isObject()) {
                StringBuilder out = new StringBuilder("{ scope: ").append(scope.yaml());
                entry.fields().forEachRemaining(f -> out.append(", ").append(key(f.getKey())).append(": ").append(flow(f.getValue())));
                entries.add(out.append(" }").toString());
            }
        }
        return "nested guardrails are deprecated; move them to the top-level list as: guardrails: [ "
                + String.join(", ", entries) + " ]";
    }

    /** For {@code tenants[i].logging} and {@code tenants[i].redactors}. */
    static String logging(Scope scope, String mode, JsonNode redactors) {
        return "per-tenant logging is deprecated; write it as: logging: { rules: [ { scope: " + scope.yaml() + ", mode: " + mode
                + (redactors == null ? "" : ", redactors: " + flow(redactors)) + " } ] }";
    }

    /** A value in YAML flow style, as short as it stays exact. */
    static String flow(JsonNode value) {
        if (value.isObject()) {
            List<String> fields = new ArrayList<>();
            value.fields().forEachRemaining(f -> fields.add(key(f.getKey()) + ": " + flow(f.getValue())));
            return fields.isEmpty() ? "{}" : "{ " + String.join(", ", fields) + " }";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(flow(v)));
            return "[" + String.join(", ", items) + "]";
        }
        if (value.isTextual()) {
            return plain(value.textValue()) ? value.textValue() : value.toString(); // JSON quoting is YAML double quoting
        }
        return value.isNull() ? "null" : value.asText();
    }

    private static String key(String name) {
        return ScopeBinder.PLAIN.matcher(name).matches() ? name : new TextNode(name).toString();
    }

    private static boolean plain(String text) {
        return ScopeBinder.PLAIN.matcher(text).matches() && !NOT_PLAIN.matcher(text).matches();
    }

}
