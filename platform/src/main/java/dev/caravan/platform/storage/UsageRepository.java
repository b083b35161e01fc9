package dev.caravan.platform.storage;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * Usage reports summed by the database over receipts: one SQL aggregate per report, grouped by UTC
 * day and by the group column, so the work is an index range scan on {@code received_at} and the
 * result is small. Months and the provider/model split of {@code served_by} are folded in Java, which
 * keeps the SQL portable between H2 and PostgreSQL. Thread-safe.
 */
public final class UsageRepository {

    private static final String NONE = "(none)";
    private final Jdbi jdbi;

    public UsageRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public List<UsageRow> report(UsageQuery q) {
        String column = switch (q.groupBy()) {
            case NONE -> "NULL";
            case TENANT -> "tenant_id";
            case KEY -> "key_id";
            case ALIAS -> "alias";
            case PROVIDER, MODEL -> "served_by";
        };
        StringBuilder sql = new StringBuilder("SELECT ").append(column).append(" AS grp,"
                + " CAST(received_at AT TIME ZONE 'UTC' AS DATE) AS bucket_day, COUNT(*) AS requests,"
                + " SUM(prompt_tokens) AS prompt, SUM(completion_tokens) AS completion, SUM(cached_tokens) AS cached,"
                + " SUM(reasoning_tokens) AS reasoning, SUM(cost_usd) AS cost,"
                + " SUM(CASE WHEN pricing = 'unpriced' THEN 1 ELSE 0 END) AS unpriced"
                + " FROM receipts WHERE received_at >= :since AND received_at < :until"
                // Model calls only: the receipts of /v1/models, /v1/usage and the like are not usage.
                + " AND requested_model IS NOT NULL");
        if (q.tenantId() != null) {
            sql.append(" AND tenant_id = :tenant_id");
        }
        if (q.keyId() != null) {
            sql.append(" AND key_id = :key_id");
        }
        sql.append(" GROUP BY ").append(q.groupBy() == UsageQuery.GroupBy.NONE ? "" : column + ", ")
                .append("CAST(received_at AT TIME ZONE 'UTC' AS DATE)");
        try {
            List<UsageRow> daily = jdbi.withHandle(handle -> {
                Query query = handle.createQuery(sql.toString())
                        .bind("since", SqlValues.timestamp(q.since()))
                        .bind("until", SqlValues.timestamp(q.until()));
                if (q.tenantId() != null) {
                    query.bind("tenant_id", q.tenantId());
                }
                if (q.keyId() != null) {
                    query.bind("key_id", q.keyId());
                }
                return query.map((rs, ctx) -> row(rs, q)).list();
            });
            return fold(daily);
        } catch (RuntimeException e) {
            throw new StorageException("cannot report usage", e);
        }
    }

    private static UsageRow row(ResultSet rs, UsageQuery q) throws SQLException {
        Date day = rs.getDate("bucket_day");
        LocalDate date = day.toLocalDate();
        String period = q.period() == UsageQuery.Period.DAY ? date.toString() : date.toString().substring(0, 7);
        BigDecimal cost = rs.getBigDecimal("cost");
        return new UsageRow(period, group(rs.getString("grp"), q.groupBy()), rs.getLong("requests"), rs.getLong("prompt"),
                rs.getLong("completion"), rs.getLong("cached"), rs.getLong("reasoning"),
                cost == null ? BigDecimal.ZERO : cost, rs.getLong("unpriced"));
    }

    /** served_by is {@code provider/model}; provider ids never contain '/', model names may. */
    private static String group(String value, UsageQuery.GroupBy groupBy) {
        return switch (groupBy) {
            case NONE -> null;
            case PROVIDER -> value == null ? NONE : value.substring(0, Math.max(0, value.indexOf('/')));
            case MODEL -> value == null ? NONE : value.substring(value.indexOf('/') + 1);
            default -> value == null ? NONE : value;
        };
    }

    private static List<UsageRow> fold(List<UsageRow> rows) {
        Map<List<String>, UsageRow> byKey = new LinkedHashMap<>();
        for (UsageRow row : rows) {
            byKey.merge(java.util.Arrays.asList(row.period(), row.group()), row, UsageRow::plus);
        }
        List<UsageRow> out = new ArrayList<>(byKey.values());
        out.replaceAll(UsageRepository::plainCost);
        out.sort(Comparator.comparing(UsageRow::period).thenComparing(r -> r.group() == null ? "" : r.group()));
        return out;
    }

    private static UsageRow plainCost(UsageRow row) {
        BigDecimal plain = row.costUsd().stripTrailingZeros();
        return new UsageRow(row.period(), row.group(), row.requests(), row.promptTokens(), row.completionTokens(),
                row.cachedTokens(), row.reasoningTokens(), plain.scale() < 0 ? plain.setScale(0) : plain, row.unpricedRequests());
    }
}
