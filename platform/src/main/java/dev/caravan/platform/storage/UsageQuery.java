package dev.caravan.platform.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * A usage report over stored receipts: totals per period (UTC day or month) and per group, for
 * requests received in {@code [since, until)}, optionally limited to one tenant or key.
 *
 * @param groupBy  what to total by; {@link GroupBy#NONE} for one row per period
 * @param period   {@code day} or {@code month}
 * @param tenantId only this tenant's receipts, or null
 * @param keyId    only this key's receipts, or null
 */
public record UsageQuery(GroupBy groupBy, Period period, Instant since, Instant until, String tenantId, String keyId) {

    public enum GroupBy { NONE, TENANT, KEY, ALIAS, PROVIDER, MODEL }

    public enum Period { DAY, MONTH }

    public UsageQuery {
        Objects.requireNonNull(groupBy, "groupBy");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
    }
}
