package dev.caravan.platform.retention;

import java.time.Instant;
import java.util.Map;

/**
 * What one purge did: per scope (a tenant id, or {@code *} for tenants without their own
 * {@code retention_days}), how many receipts and request logs it deleted.
 *
 * @param error why the run stopped early, or null
 */
public record RetentionRun(Instant startedAt, Instant finishedAt, long receiptsDeleted, long logsDeleted,
        Map<String, Deleted> byTenant, String error) {

    public RetentionRun {
        byTenant = Map.copyOf(byTenant);
    }

    /** Rows deleted for one scope, and the cut-off used (rows received before it went). */
    public record Deleted(Instant cutoff, long receipts, long logs) {}
}
