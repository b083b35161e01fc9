package dev.caravan.platform.reconcile;

import dev.caravan.platform.storage.StorageException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;

/**
 * Receipt totals per UTC day and upstream model for one provider, summed by the database: one
 * aggregate over the {@code received_at} range, like {@code UsageRepository}, but keeping the
 * provider filter and the price row ids reconciliation needs.
 */
public final class RecordedUsage {

    private static final String SQL = "SELECT served_by, CAST(received_at AT TIME ZONE 'UTC' AS DATE) AS bucket_day,"
            + " COUNT(*) AS requests, SUM(prompt_tokens) AS prompt, SUM(completion_tokens) AS completion,"
            + " SUM(cached_tokens) AS cached, SUM(cost_usd) AS cost,"
            + " SUM(CASE WHEN pricing = 'unpriced' THEN 1 ELSE 0 END) AS unpriced,"
            + " MIN(price_id) AS first_price, MAX(price_id) AS last_price"
            + " FROM receipts WHERE received_at >= :since AND received_at < :until AND requested_model IS NOT NULL"
            // served_by is "provider/model": the range ['p/', 'p0') is every model of provider p ('0' follows '/').
            + " AND served_by >= :low AND served_by < :high"
            + " GROUP BY served_by, CAST(received_at AT TIME ZONE 'UTC' AS DATE)";

    private final Jdbi jdbi;

    public RecordedUsage(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Rows for {@code provider} on the days {@code from} to {@code to}, both included. */
    public List<RecordedRow> rows(String provider, LocalDate from, LocalDate to) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery(SQL)
                    .bind("since", utc(from))
                    .bind("until", utc(to.plusDays(1)))
                    .bind("low", provider + "/")
                    .bind("high", provider + "0")
                    .map((rs, ctx) -> {
                        BigDecimal cost = rs.getBigDecimal("cost");
                        String servedBy = rs.getString("served_by");
                        return new RecordedRow(rs.getDate("bucket_day").toLocalDate(), servedBy.substring(servedBy.indexOf('/') + 1),
                                rs.getLong("requests"), rs.getLong("prompt"), rs.getLong("cached"), rs.getLong("completion"),
                                cost == null ? BigDecimal.ZERO : cost, rs.getLong("unpriced"), rs.getString("first_price"),
                                rs.getString("last_price"));
                    })
                    .list());
        } catch (RuntimeException e) {
            throw new StorageException("cannot read receipts for reconciliation", e);
        }
    }

    /** Bound as a UTC OffsetDateTime: a java.sql.Timestamp would shift through the JVM's time zone. */
    private static Argument utc(LocalDate day) {
        return (position, statement, ctx) -> statement.setObject(position, day.atStartOfDay().atOffset(ZoneOffset.UTC));
    }
}
