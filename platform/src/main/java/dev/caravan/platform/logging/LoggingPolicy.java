package dev.caravan.platform.logging;

import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.LoggingMode;
import dev.caravan.platform.config.TenantConfig;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The logging settings in force for a tenant: its {@code tenants[]} entry, or the
 * {@code logging.default_*} settings for tenants not listed.
 */
public final class LoggingPolicy {

    /** One tenant's settings. */
    public record TenantRules(LoggingMode mode, List<String> redactors, int retentionDays, boolean doNotTrack) {}

    private final Map<String, TenantRules> listed;
    private final TenantRules defaults;

    public LoggingPolicy(CaravanConfig config) {
        this.listed = config.tenants().stream().collect(Collectors.toUnmodifiableMap(TenantConfig::id,
                t -> new TenantRules(t.logging(), t.redactors(), t.retentionDays(), t.doNotTrack()), (a, b) -> a));
        this.defaults = new TenantRules(config.logging().defaultMode(), config.logging().defaultRedactors(),
                config.logging().defaultRetentionDays(), false);
    }

    public TenantRules rulesFor(String tenantId) {
        return tenantId == null ? defaults : listed.getOrDefault(tenantId, defaults);
    }

    public TenantRules defaults() {
        return defaults;
    }

    /** Listed tenants by id. */
    public Map<String, TenantRules> listed() {
        return listed;
    }
}
