package dev.caravan.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds {@code logging:} and {@code tenants[]}: the privacy settings. The default mode is
 * {@code metadata_only} so a gateway that nobody configured stores no prompt or answer text.
 */
final class TenantBinder {

    static final int MAX_RETENTION_DAYS = 36_500;

    private TenantBinder() {}

    static LoggingConfig logging(ConfigNode root) {
        ConfigNode s = root.section("logging");
        s.allowOnly("default_mode", "default_redactors", "default_retention_days", "max_body_chars",
                "queue_capacity", "batch_size", "flush_interval_ms", "purge_interval_s", "purge_batch_size");
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
                ConfigValues.integer(s, "purge_batch_size", 500, 1, 10_000));
    }

    static List<TenantConfig> tenants(ConfigNode root) {
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
            tenants.add(new TenantConfig(id, mode,
                    ConfigValues.integer(t, "retention_days", 0, 0, MAX_RETENTION_DAYS),
                    ConfigValues.bool(t, "do_not_track", false),
                    redactors, guardrails(t)));
        }
        return tenants;
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
