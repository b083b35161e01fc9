package dev.caravan.platform.config;

import dev.caravan.api.guardrail.GuardPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds the top-level {@code guardrails:} list, each entry with its {@code scope:} ({@code global}
 * when it has none), the older lists nested in {@code tenants[]}, {@code keys[]} and {@code models[]}
 * (with a start-up warning), and the {@code guardrails_*} settings. The entries' options are checked later,
 * once the plugins are loaded, by the guardrail's own {@code configure}.
 */
final class GuardrailBinder {

    static final String KEY = "guardrails";
    private static final Set<String> PLATFORM_KEYS = Set.of("plugin", "script", "on", "scope");
    private static final Pattern SCRIPT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private GuardrailBinder() {}

    static GuardrailsConfig bind(ConfigNode root, Set<String> aliases) {
        List<GuardrailEntry> all = new ArrayList<>(entries(root, null, ScopeBinder.Rules.all(aliases)));
        List<GuardrailEntry> nested = new ArrayList<>();
        nested.addAll(nested(root, "tenants", "id", Scope::tenant));
        nested.addAll(nested(root, "keys", "name", Scope::key));
        nested.addAll(nested(root, "models", "alias", Scope::alias));
        nested.sort(java.util.Comparator.comparing(GuardrailEntry::path));
        all.addAll(nested);
        for (ConfigNode saved : root.itemsQuietly("saved_routes")) {
            if (saved.has(KEY)) {
                saved.report(KEY, "not supported on saved routes; set guardrails on models[] aliases, keys[] or tenants[]");
            }
        }
        String onError = root.text("guardrails_on_error").orElse("allow");
        if (!onError.equals("allow") && !onError.equals("deny")) {
            root.report("guardrails_on_error", "must be allow or deny, got '" + onError + "'");
        }
        Duration timeout = Duration.ofMillis(ConfigValues.integer(root, "guardrails_timeout_ms",
                (int) GuardrailsConfig.DEFAULT_TIMEOUT.toMillis(), 1, 60_000));
        int streamChars = ConfigValues.integer(root, "guardrails_stream_check_chars",
                GuardrailsConfig.DEFAULT_STREAM_CHECK_CHARS, 1, 1_048_576);
        return new GuardrailsConfig(all, onError.equals("deny"), timeout, streamChars);
    }

    /**
     * The older form: a list nested in a {@code tenants[]}, {@code keys[]} or {@code models[]} entry.
     * It keeps working, with one warning per list showing the top-level entries that replace it; an
     * unnamed or duplicate owner is reported by its own binder (the first of a name wins).
     */
    private static List<GuardrailEntry> nested(ConfigNode root, String section, String nameKey,
            java.util.function.Function<String, Scope> scopeOf) {
        List<GuardrailEntry> all = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (ConfigNode owner : root.itemsQuietly(section)) {
            String name = owner.quietText(nameKey);
            if (name == null || name.isEmpty() || !owner.has(KEY)) {
                continue;
            }
            Scope scope = scopeOf.apply(name);
            List<GuardrailEntry> entries = entries(owner, scope, null);
            if (!entries.isEmpty() && seen.add(name)) {
                all.addAll(entries);
            }
            if (owner.raw(KEY).isArray() && !owner.raw(KEY).isEmpty()) {
                owner.warn(KEY, ScopedForms.guardrails(owner.raw(KEY), scope));
            }
        }
        return all;
    }

    /** @param fixed the nested form's scope, or null for the top-level list, whose entries say their own ({@code rules}) */
    private static List<GuardrailEntry> entries(ConfigNode list, Scope fixed, ScopeBinder.Rules rules) {
        List<GuardrailEntry> entries = new ArrayList<>();
        int index = 0;
        for (ConfigNode entry : list.items(KEY)) {
            String path = list.pathOf(KEY) + "[" + index++ + "]";
            String plugin = entry.has("script") ? null : entry.has("plugin") ? entry.requiredText("plugin").orElse("") : "";
            String script = script(entry);
            Set<GuardPhase> on = phases(entry);
            Scope scope = fixed;
            if (fixed != null && entry.has("scope")) {
                entry.report("scope", "not allowed in a nested list (its " + fixed.kind().word()
                        + " is the scope); write the entry in the top-level guardrails list instead");
            } else if (fixed == null) {
                scope = entry.has("scope") ? ScopeBinder.bind(entry, "scope", rules).orElse(null) : Scope.GLOBAL;
            }
            if ((plugin != null && !plugin.isEmpty() || script != null) && !on.isEmpty() && scope != null) {
                entries.add(new GuardrailEntry(plugin, script, on, entry.optionsWithout(PLATFORM_KEYS.toArray(String[]::new)), path,
                        scope));
            }
        }
        return entries;
    }

    /** The name of the guardrail script ({@code policies/guardrails/<name>.groovy}), or null for a plugin's guardrail. */
    private static String script(ConfigNode entry) {
        if (!entry.has("script")) {
            if (!entry.has("plugin")) {
                entry.report("plugin", "required (or script: <name> for the guardrail script policies/guardrails/<name>.groovy)");
            }
            return null;
        }
        if (entry.has("plugin")) {
            entry.report("script", "set either plugin or script, not both");
            return null;
        }
        String name = entry.text("script").orElse(null);
        if (name != null && !SCRIPT_NAME.matcher(name).matches()) {
            entry.report("script", "must be the file name of a script in policies/guardrails, without .groovy, got '" + name + "'");
            return null;
        }
        return name;
    }

    private static Set<GuardPhase> phases(ConfigNode entry) {
        if (!entry.has("on")) {
            entry.report("on", "required: a list of request, response");
            return Set.of();
        }
        Set<GuardPhase> on = EnumSet.noneOf(GuardPhase.class);
        List<String> names = entry.texts("on", name -> phase(name) == null ? "must be request or response, got '" + name + "'" : null);
        names.stream().map(GuardrailBinder::phase).filter(p -> p != null).forEach(on::add);
        if (names.isEmpty() && entry.isEmptyList("on")) {
            entry.report("on", "must name at least one of request, response");
        }
        return on;
    }

    private static GuardPhase phase(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "request" -> GuardPhase.REQUEST;
            case "response" -> GuardPhase.RESPONSE;
            default -> null;
        };
    }
}
