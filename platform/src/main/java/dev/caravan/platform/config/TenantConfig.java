package dev.caravan.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code tenants[]} — a tenant's privacy settings.
 *
 * @param id            tenant id, as on its keys
 * @param logging       what the request log keeps of bodies
 * @param retentionDays receipts and logs older than this are purged; 0 keeps them forever
 * @param doNotTrack    true: never store bodies for this tenant, whatever {@code logging} says
 * @param redactors     {@code LogRedactor} ids run in this order in {@code redacted} mode
 * @param guardrails    the tenant's {@code guardrails:} list, passed on as written (read by the guardrail stage)
 */
public record TenantConfig(String id, LoggingMode logging, int retentionDays, boolean doNotTrack,
        List<String> redactors, JsonNode guardrails) {

    public TenantConfig {
        redactors = List.copyOf(redactors);
    }
}
