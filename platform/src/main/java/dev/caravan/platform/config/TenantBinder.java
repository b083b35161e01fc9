package dev.caravan.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds {@code logging:} and {@code tenants[]}: the privacy settings. The default mode is
 * {@code metadata_only} so a gateway that nobody configured stores no prompt or answer text.
 */
final class TenantBinder {

    static final int MAX_RETENTION_DAYS = 36_500;

    private TenantBinder() {}

    static LoggingConfig logging(ConfigNode root, Set<String> aliases) {
        ConfigNode s = root.section("logging");
        s.allowOnly("default_mode", "default_redactors", "default_retention_days", "max_body_chars",
                "queue_capacity", "batch_size", "flush_interval_ms", "purge_interval_s", "purge_batch_size", "rules");
        LoggingMode mode = mode(s, "default_mode");
        List<String> redactors = s.texts("default_redactors", r -> null);
        int capacity = ConfigValues.integer(s, "queue_capacity", 16_384, 1, 16_777_216);
        int batch = ConfigValues.integer(s, "batch_size", 200, 1, 100_000);
        if (batch > capacity) {
            s.report("batch_size", "must not exceed logging.queue_capacity (" + capacity + "), got '" + batch + "'");
        }
        return new LoggingConfig(mode, redactors,
                ConfigValues.integer(s, "default_retention_days", 0, 0, MAX_RETENTION_DAYS),
                ConfigValues.integer(s, "max_body_chars", 65_536, 1, 16_777_216),
                capacity, batch,
                Duration.ofMillis(ConfigValues.integer(s, "flush_interval_ms", 500, 1, 60_000)),
                Duration.ofSeconds(ConfigValues.integer(s, "purge_interval_s", 3_600, 1, 604_800)),
                ConfigValues.integer(s, "purge_batch_size", 500, 1, 10_000),
                rules(s, aliases));
    }

    /** {@code logging.rules[]}: a scope once each; {@code global} stands for {@code default_mode}, so not both. */
    private static List<LoggingRule> rules(ConfigNode s, Set<String> aliases) {
        List<LoggingRule> rules = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (ConfigNode r : s.items("rules")) {
            r.allowOnly("scope", "mode", "redactors");
            java.util.Optional<Scope> scope = ScopeBinder.bind(r, "scope", ScopeBinder.Rules.all(aliases));
            if (!r.has("mode")) {
                r.report("mode", "required: " + LoggingMode.choices());
            }
            LoggingMode mode = mode(r, "mode");
            List<String> redactors = r.texts("redactors", id -> null);
            scope.filter(sc -> seen.putIfAbsent(sc.label(), r.pathOf("scope")) != null).ifPresent(sc ->
                    r.report("scope", "duplicate scope " + sc.label() + " (also " + seen.get(sc.label()) + ")"));
            scope.filter(sc -> sc.kind() == Scope.Kind.GLOBAL && (s.has("default_mode") || s.has("default_redactors")))
                    .ifPresent(sc -> r.report("scope", "global is what logging.default_mode and default_redactors set; use one or the other"));
            scope.ifPresent(sc -> rules.add(new LoggingRule(sc, mode, redactors, r.path())));
        }
        return rules;
    }

    static List<TenantConfig> tenants(ConfigNode root, List<LoggingRule> rules) {
        List<TenantConfig> tenants = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (ConfigNode t : root.items("tenants")) {
            t.allowOnly("id", "logging", "retention_days", "do_not_track", "redactors", "guardrails");
            String id = t.requiredText("id").orElse("");
            if (!id.isEmpty() && !ProviderBinder.ID.matcher(id).matches()) {
                t.report("id", ProviderBinder.ID_RULE + ", got '" + id + "'");
            } else if (!id.isEmpty() && seen.putIfAbsent(id, t.pathOf("id")) != null) {
                t.report("id", "duplicate tenant id '" + id + "' (also " + seen.get(id) + ")");
            }
            LoggingMode mode = mode(t, "logging");
            List<String> redactors = t.texts("redactors", r -> null);
            oldLoggingForm(t, id, mode, rules);
            tenants.add(new TenantConfig(id, mode,
                    ConfigValues.integer(t, "retention_days", 0, 0, MAX_RETENTION_DAYS),
                    ConfigValues.bool(t, "do_not_track", false),
                    redactors, guardrails(t)));
        }
        return tenants;
    }

    /** {@code tenants[i].logging} / {@code redactors}: still honoured, with one warning showing the rule that replaces them. */
    private static void oldLoggingForm(ConfigNode t, String id, LoggingMode mode, List<LoggingRule> rules) {
        if (id.isEmpty() || !t.has("logging") && !t.has("redactors")) {
            return;
        }
        Scope scope = Scope.tenant(id);
        rules.stream().filter(r -> r.scope().equals(scope)).findFirst().ifPresentOrElse(
                r -> t.report(t.has("logging") ? "logging" : "redactors", "tenant '" + id + "' also has the rule " + r.path()
                        + "; keep one of them"),
                () -> t.warn(t.has("logging") ? "logging" : "redactors", ScopedForms.logging(scope, mode.configName(), t.raw("redactors"))));
    }

    private static LoggingMode mode(ConfigNode node, String key) {
        String text = node.text(key).orElse("metadata_only");
        return LoggingMode.parse(text).orElseGet(() -> {
            node.report(key, "must be " + LoggingMode.choices() + ", got '" + text + "'");
            return LoggingMode.METADATA_ONLY;
        });
    }

    /** The guardrail engineer's list: checked only for being a list, passed on untouched. */
    private static JsonNode guardrails(ConfigNode t) {
        if (!t.has("guardrails")) {
            return JsonNodeFactory.instance.arrayNode();
        }
        JsonNode list = t.raw("guardrails");
        if (!list.isArray()) {
            t.report("guardrails", "must be a list, got " + ConfigValues.kind(list));
            return JsonNodeFactory.instance.arrayNode();
        }
        return list.deepCopy();
    }
}
