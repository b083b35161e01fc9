package dev.caravan.platform.audit;

import dev.caravan.platform.config.BudgetAlertsConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code budget_alerts:} lives in the config file, so its changes are audited at start-up as
 * {@code budget_alerts.settings} on target {@value #TARGET}, like the logging settings. The webhook
 * is recorded as its scheme and host only ({@link AuditLog}): its path or query often is the
 * token, so a change that only replaces that token shows no difference.
 */
public final class BudgetAlertSettingsAudit {

    public static final String ACTION = "budget_alerts.settings";
    static final String TARGET = "budget_alerts";

    private BudgetAlertSettingsAudit() {}

    /** @return how many entries were written (0 or 1) */
    public static int recordChanges(BudgetAlertsConfig alerts, ConfigChangeAudit audit) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("webhook", alerts.webhook() == null ? null : alerts.webhook().toString());
        state.put("queue", alerts.queue());
        state.put("retries", alerts.retries());
        state.put("timeout_ms", alerts.timeout().toMillis());
        return audit.recordSinceLastAudit(ACTION, Map.of(TARGET, state));
    }
}
