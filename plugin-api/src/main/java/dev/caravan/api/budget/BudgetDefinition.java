package dev.caravan.api.budget;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * One budget as the operator defined it ({@code budgets[]} in config), validated by the platform.
 *
 * @param name        unique name; the ledger account, named in errors and receipts
 * @param scopeType   {@code tenant}, {@code key}, {@code alias}, {@code provider}, {@code metadata} or
 *                    {@code global} (every request; its {@code scopeValue} is empty)
 * @param scopeField  for {@code metadata}: the metadata field; else null
 * @param scopeValue  the tenant id, key name, alias, provider id or metadata value it covers
 * @param limitUsd    the limit in USD, or null when the budget counts tokens
 * @param limitTokens the limit in tokens, or null when the budget counts USD
 * @param period      {@code daily}, {@code weekly}, {@code monthly} or {@code total}
 * @param zone        time zone of the calendar reset
 * @param action      {@code deny}, {@code downgrade} or {@code alert_only}
 * @param downgradeTo for {@code downgrade}: the alias to route to at the limit; else null
 * @param denyUnpriced for USD budgets: refuse requests whose model has no price (else admit them
 *                    and count them as zero)
 * @param alerts      thresholds in percent of the limit, e.g. 50, 80, 100
 * @param prepaid     a prepaid balance (USD): admins top it up, requests draw it down, it never
 *                    resets; its limit is what was credited, and {@code limitUsd} is zero
 */
public record BudgetDefinition(
        String name,
        String scopeType,
        String scopeField,
        String scopeValue,
        BigDecimal limitUsd,
        Long limitTokens,
        String period,
        ZoneId zone,
        String action,
        String downgradeTo,
        boolean denyUnpriced,
        List<Integer> alerts,
        boolean prepaid) {

    public BudgetDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scopeType, "scopeType");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(action, "action");
        if ((limitUsd == null) == (limitTokens == null)) {
            throw new IllegalArgumentException("exactly one of limitUsd and limitTokens");
        }
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    public boolean countsUsd() {
        return limitUsd != null;
    }

    /** The limit in the budget's own unit. */
    public BigDecimal limit() {
        return countsUsd() ? limitUsd : BigDecimal.valueOf(limitTokens);
    }
}
