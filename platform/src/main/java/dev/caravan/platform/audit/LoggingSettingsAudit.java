package dev.caravan.platform.audit;

import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.LoggingConfig;
import dev.caravan.platform.config.TenantConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logging settings live in the config file, so their changes are audited at start-up
 * ({@link ConfigChangeAudit#recordSinceLastAudit}): each tenant's settings (and the defaults) are
 * compared with the last audited ones, and a difference becomes a {@code logging.settings} entry by
 * actor {@value ConfigChangeAudit#ACTOR}. A tenant removed from the file is not reported (it then
 * follows the defaults, whose entry shows them).
 */
public final class LoggingSettingsAudit {

    public static final String ACTION = "logging.settings";
    public static final String ACTOR = ConfigChangeAudit.ACTOR;
    static final String DEFAULTS_TARGET = "tenant:*";

    private LoggingSettingsAudit() {}

    /** @return how many entries were written */
    public static int recordChanges(CaravanConfig config, ConfigChangeAudit audit) {
        return audit.recordSinceLastAudit(ACTION, current(config));
    }

    private static Map<String, Object> current(CaravanConfig config) {
        Map<String, Object> settings = new LinkedHashMap<>();
        LoggingConfig l = config.logging();
        settings.put(DEFAULTS_TARGET, Map.of("logging", l.defaultMode().configName(), "redactors", l.defaultRedactors(),
                "retention_days", l.defaultRetentionDays()));
        for (TenantConfig t : config.tenants()) {
            settings.put("tenant:" + t.id(), Map.of("logging", t.logging().configName(), "redactors", t.redactors(),
                    "retention_days", t.retentionDays(), "do_not_track", t.doNotTrack()));
        }
        for (dev.caravan.platform.config.LoggingRule r : l.rules()) {
            settings.put("scope:" + r.scope().label(), Map.of("logging", r.mode().configName(), "redactors", r.redactors()));
        }
        return settings;
    }
}
