package dev.caravan.platform.config;

import dev.caravan.api.guardrail.GuardPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds the {@code guardrails:} lists of every scope (top level, {@code tenants[]}, {@code keys[]},
 * {@code models[]}) and the {@code guardrails_*} settings. The entries' options are checked later,
 * once the plugins are loaded, by the guardrail's own {@code configure}.
 */
final class GuardrailBinder {

    static final String KEY = "guardrails";
    private static final Set<String> PLATFORM_KEYS = Set.of("plugin", "script", "on");
    private static final Pattern SCRIPT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private GuardrailBinder() {}

    static GuardrailsConfig bind(ConfigNode root) {
        List<GuardrailEntry> global = entries(root);
        Map<String, List<GuardrailEntry>> tenants = scoped(root, "tenants", "id");
        Map<String, List<GuardrailEntry>> keys = scoped(root, "keys", "name");
        Map<String, List<GuardrailEntry>> aliases = scoped(root, "models", "alias");
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
        return new GuardrailsConfig(global, tenants, keys, aliases, onError.equals("deny"), timeout, streamChars);
    }

    /** The lists of one kind of scope, by the scope's name; an unnamed scope is reported by its own binder. */
    private static Map<String, List<GuardrailEntry>> scoped(ConfigNode root, String section, String nameKey) {
        Map<String, List<GuardrailEntry>> byName = new LinkedHashMap<>();
        for (ConfigNode scope : root.itemsQuietly(section)) {
            List<GuardrailEntry> entries = entries(scope);
            String name = scope.quietText(nameKey);
            if (!entries.isEmpty() && name != null && !name.isEmpty()) {
                byName.putIfAbsent(name, entries); // a duplicate name is reported by its own binder
            }
        }
        return byName;
    }

    private static List<GuardrailEntry> entries(ConfigNode scope) {
        List<GuardrailEntry> entries = new ArrayList<>();
        int index = 0;
        for (ConfigNode entry : scope.items(KEY)) {
            String path = scope.pathOf(KEY) + "[" + index++ + "]";
            String plugin = entry.has("script") ? null : entry.has("plugin") ? entry.requiredText("plugin").orElse("") : "";
            String script = script(entry);
            Set<GuardPhase> on = phases(entry);
            if ((plugin != null && !plugin.isEmpty() || script != null) && !on.isEmpty()) {
                entries.add(new GuardrailEntry(plugin, script, on, entry.optionsWithout(PLATFORM_KEYS.toArray(String[]::new)), path));
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
