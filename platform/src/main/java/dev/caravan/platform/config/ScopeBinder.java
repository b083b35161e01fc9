package dev.caravan.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@code scope:} value, the one form every control uses (docs/configuration.md#scopes):
 * {@code global}, or a mapping with exactly one of {@code tenant}, {@code key}, {@code alias},
 * {@code metadata.<field>}. Each control says which kinds it takes and whether {@code "*"} (each
 * one on its own) is allowed; every problem names the path.
 */
final class ScopeBinder {

    /** Text a YAML flow mapping shows unquoted. */
    static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** What one control accepts. */
    record Rules(List<Scope.Kind> kinds, boolean every, Set<String> aliases, List<String> extra) {

        /** {@code kinds} in the order messages list them. */
        static Rules of(Set<String> aliases, Scope.Kind... kinds) {
            return new Rules(List.of(kinds), false, aliases, List.of());
        }

        /** Keys the control reads itself before asking here (budgets: {@code provider}), named in messages. */
        Rules withExtra(String... keys) {
            return new Rules(kinds, every, aliases, List.of(keys));
        }

        static Rules all(Set<String> aliases) {
            return of(aliases, Scope.Kind.TENANT, Scope.Kind.KEY, Scope.Kind.ALIAS, Scope.Kind.METADATA, Scope.Kind.GLOBAL);
        }

        Rules withEvery() {
            return new Rules(kinds, true, aliases, extra);
        }
    }

    private ScopeBinder() {}

    /** The scope under {@code key} of {@code entry}; empty (reported) when absent or wrong. */
    static Optional<Scope> bind(ConfigNode entry, String key, Rules rules) {
        JsonNode raw = entry.raw(key);
        if (raw == null) {
            entry.report(key, "required: " + expected(rules));
            return Optional.empty();
        }
        if (raw.isTextual()) {
            if (raw.textValue().equals("global") && rules.kinds().contains(Scope.Kind.GLOBAL)) {
                return Optional.of(Scope.GLOBAL);
            }
            entry.report(key, "must be " + expected(rules) + ", got '" + raw.textValue() + "'");
            return Optional.empty();
        }
        if (!raw.isObject() || raw.size() != 1) {
            List<String> names = new ArrayList<>();
            raw.fieldNames().forEachRemaining(names::add);
            entry.report(key, "must name exactly one of " + kinds(rules) + (names.isEmpty() ? "" : ", got " + String.join(", ", names)));
            return Optional.empty();
        }
        Iterator<String> names = raw.fieldNames();
        String name = names.next();
        ConfigNode s = entry.section(key);
        if (kind(name, rules).isEmpty()) {
            if (name.startsWith("metadata.") && rules.kinds().contains(Scope.Kind.METADATA)) {
                s.report(name, "the metadata field must be 1-64 letters, digits, '_', '.' or '-'");
            } else {
                s.allowOnly(kinds(rules).split(", "));
                entry.report(key, "must name exactly one of " + kinds(rules));
            }
            return Optional.empty();
        }
        Optional<Scope> scope = kind(name, rules).flatMap(kind -> s.requiredText(name).map(value -> scope(kind, name, value)));
        scope.map(sc -> problem(sc, rules)).ifPresent(p -> s.report(name, p));
        return scope.filter(sc -> problem(sc, rules) == null);
    }

    private static Optional<Scope.Kind> kind(String name, Rules rules) {
        if (name.startsWith("metadata.")) {
            return rules.kinds().contains(Scope.Kind.METADATA) && FIELD.matcher(name.substring(9)).matches()
                    ? Optional.of(Scope.Kind.METADATA) : Optional.empty();
        }
        for (Scope.Kind kind : rules.kinds()) {
            if (kind != Scope.Kind.GLOBAL && kind != Scope.Kind.METADATA && kind.word().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    private static Scope scope(Scope.Kind kind, String name, String value) {
        return new Scope(kind, kind == Scope.Kind.METADATA ? name.substring(9) : null, value);
    }

    private static String problem(Scope scope, Rules rules) {
        if (scope.everyOne()) {
            return rules.every() ? null : "\"*\" is not a scope here; name one " + scope.configKey() + " (or use scope: global)";
        }
        String noun = rules.every() ? " (or \"*\" for every " + scope.kind().word() + ")" : "";
        if (scope.kind() == Scope.Kind.ALIAS && !rules.aliases().contains(scope.value())) {
            return "unknown alias '" + scope.value() + "'" + noun;
        }
        if (scope.kind() == Scope.Kind.TENANT && !ProviderBinder.ID.matcher(scope.value()).matches()) {
            return ProviderBinder.ID_RULE + noun + ", got '" + scope.value() + "'";
        }
        return null;
    }

    private static String kinds(Rules rules) {
        List<String> words = new ArrayList<>();
        for (Scope.Kind kind : rules.kinds()) {
            if (kind != Scope.Kind.GLOBAL) {
                words.add(kind == Scope.Kind.METADATA ? "metadata.<field>" : kind.word());
            }
            if (kind == Scope.Kind.ALIAS) {
                words.addAll(rules.extra());
            }
        }
        return String.join(", ", words);
    }

    private static String expected(Rules rules) {
        List<String> forms = new ArrayList<>();
        for (String word : kinds(rules).split(", ")) {
            forms.add("{ " + word + ": " + switch (word) {
                case "key" -> "<name>";
                case "tenant" -> "<id>";
                case "alias" -> "<alias>";
                default -> "<value>";
            } + " }");
        }
        String mapping = "one of " + String.join(", ", forms);
        return rules.kinds().contains(Scope.Kind.GLOBAL) ? mapping + ", or global" : mapping;
    }
}
