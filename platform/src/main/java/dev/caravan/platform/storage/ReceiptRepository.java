package dev.caravan.platform.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;

/**
 * Receipts, written in batches by {@link ReceiptWriter}, read back by trace id and listed page by
 * page. Thread-safe.
 * Failures surface as {@link StorageException}.
 */
public final class ReceiptRepository {

    static final String COLUMNS = "trace_id, tenant_id, key_id, endpoint, requested_model, alias, strategy,"
            + " stream, status, error_type, error_message, served_by, attempts, prompt_tokens, completion_tokens,"
            + " cached_tokens, reasoning_tokens, gateway_overhead_ms, upstream_ttfb_ms, upstream_ms, total_ms,"
            + " received_at, completed_at, cache_write_tokens, cost_usd, price_id, pricing, decisions, node_id";
    // ON CONFLICT DO NOTHING (no conflict target) is understood by PostgreSQL and by H2 in PostgreSQL mode.
    private static final String INSERT = "INSERT INTO receipts (" + COLUMNS + ") VALUES ("
            + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final TypeReference<List<Receipt.Attempt>> ATTEMPTS = new TypeReference<>() {};
    private static final TypeReference<List<Receipt.Decision>> DECISIONS = new TypeReference<>() {};

    private final Jdbi jdbi;
    private volatile ReceiptChain chain = ReceiptChain.NONE;

    public ReceiptRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Links every receipt stored from now on into {@code evidence} (set before the writer starts). */
    public ReceiptRepository chainedBy(ReceiptChain evidence) {
        this.chain = evidence;
        return this;
    }

    public ReceiptChain chain() {
        return chain;
    }

    /**
     * Inserts the receipts in one JDBC batch and one transaction. A receipt whose trace id is
     * already stored is skipped, so replaying a batch (after a crash, from the spill file) is safe.
     */
    public void insertBatch(List<Receipt> receipts) {
        if (receipts.isEmpty()) {
            return;
        }
        try {
            Runnable committed = jdbi.inTransaction(handle -> {
                int[] counts;
                try (PreparedStatement insert = handle.getConnection().prepareStatement(INSERT)) {
                    PositionalRow row = new PositionalRow(insert);
                    for (Receipt receipt : receipts) {
                        bind(row, receipt);
                    }
                    counts = insert.executeBatch();
                }
                return chain.append(handle, inserted(receipts, counts));
            });
            committed.run();
        } catch (JdbiException | SQLException e) {
            throw new StorageException("cannot write " + receipts.size() + " receipts: " + e.getMessage(), e);
        }
    }

    /** The receipts a batch really inserted: a replayed one already stored (count 0) is not chained twice. */
    private static List<Receipt> inserted(List<Receipt> receipts, int[] counts) {
        List<Receipt> stored = new ArrayList<>(receipts.size());
        for (int i = 0; i < receipts.size(); i++) {
            if (i >= counts.length || counts[i] != 0) {
                stored.add(receipts.get(i));
            }
        }
        return stored;
    }

    public Optional<Receipt> find(String traceId) {
        try {
            return jdbi.withHandle(handle -> handle
                    .createQuery("SELECT " + COLUMNS + " FROM receipts WHERE trace_id = :trace_id")
                    .bind("trace_id", traceId)
                    .map((rs, ctx) -> map(rs))
                    .findOne());
        } catch (JdbiException e) {
            throw new StorageException("cannot read receipt " + traceId + ": " + e.getMessage(), e);
        }
    }

    /**
     * The receipts matching {@code query}, newest first, at most {@code query.limit()} of them. Each
     * filter is an equality or range on an indexed column followed by {@code received_at}
     * (db/changes/0002-receipt-list-indexes.yaml), so a page costs an index range scan, not a sort
     * of the table. Paging by position (not offset) keeps deep pages as cheap as the first.
     */
    public ReceiptPage list(ReceiptQuery query) {
        List<String> conditions = new ArrayList<>();
        List<Consumer<Query>> bindings = new ArrayList<>();
        filter(conditions, bindings, query);
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        String sql = "SELECT " + COLUMNS + " FROM receipts" + where
                + " ORDER BY received_at DESC, trace_id DESC LIMIT :limit";
        try {
            List<Receipt> rows = jdbi.withHandle(handle -> {
                Query select = handle.createQuery(sql).bind("limit", query.limit() + 1);
                bindings.forEach(binding -> binding.accept(select));
                return select.map((rs, ctx) -> map(rs)).list();
            });
            if (rows.size() <= query.limit()) {
                return new ReceiptPage(rows, null);
            }
            List<Receipt> page = rows.subList(0, query.limit());
            return new ReceiptPage(page, ReceiptQuery.Position.of(page.get(page.size() - 1)));
        } catch (JdbiException e) {
            throw new StorageException("cannot list receipts: " + e.getMessage(), e);
        }
    }

    /** Adds one SQL condition (fixed text) and its bound values per filter that is set. */
    private static void filter(List<String> conditions, List<Consumer<Query>> bindings, ReceiptQuery q) {
        if (q.traceId() != null) {
            conditions.add("trace_id = :trace_id");
            bindings.add(s -> s.bind("trace_id", q.traceId()));
        }
        if (q.alias() != null) {
            conditions.add("alias = :alias");
            bindings.add(s -> s.bind("alias", q.alias()));
        }
        if (q.status() != null) {
            conditions.add("status = :status");
            bindings.add(s -> s.bind("status", q.status().intValue()));
        }
        if (q.errorsOnly()) {
            conditions.add("status >= 400");
        }
        if (q.tenantId() != null) {
            conditions.add("tenant_id = :tenant_id");
            bindings.add(s -> s.bind("tenant_id", q.tenantId()));
        }
        if (q.keyId() != null) {
            conditions.add("key_id = :key_id");
            bindings.add(s -> s.bind("key_id", q.keyId()));
        }
        if (q.since() != null) {
            conditions.add("received_at >= :since");
            bindings.add(s -> s.bind("since", SqlValues.timestamp(q.since())));
        }
        if (q.until() != null) {
            conditions.add("received_at < :until");
            bindings.add(s -> s.bind("until", SqlValues.timestamp(q.until())));
        }
        if (q.after() != null) {
            // Spelled out rather than a row comparison so both databases bound the index range on received_at.
            conditions.add("received_at <= :after_at AND (received_at < :after_at OR trace_id < :after_id)");
            bindings.add(s -> s.bind("after_at", SqlValues.timestamp(q.after().receivedAt()))
                    .bind("after_id", q.after().traceId()));
        }
    }

    private static void bind(PositionalRow row, Receipt r) throws SQLException {
        // In COLUMNS order. Sizes match db/changes/0001-initial-schema.yaml; client-supplied text is clipped, never rejected.
        row.text(r.traceId())
                .text(SqlValues.clip(r.tenantId(), 128))
                .text(SqlValues.clip(r.keyId(), 64))
                .text(SqlValues.clip(r.endpoint(), 255))
                .text(SqlValues.clip(r.requestedModel(), 255))
                .text(SqlValues.clip(r.alias(), 255))
                .text(SqlValues.clip(r.strategy(), 32))
                .bool(r.stream())
                .integer(r.status())
                .text(SqlValues.clip(r.errorType(), 64))
                .text(r.errorMessage())
                .text(SqlValues.clip(r.servedBy(), 512))
                .text(attemptsJson(r.attempts()))
                .bigint(r.promptTokens())
                .bigint(r.completionTokens())
                .bigint(r.cachedTokens())
                .bigint(r.reasoningTokens())
                .real(r.gatewayOverheadMs())
                .real(r.upstreamTtfbMs())
                .real(r.upstreamMs())
                .real(r.totalMs())
                .timestamp(r.receivedAt())
                .timestamp(r.completedAt())
                .bigint(r.cacheWriteTokens())
                .decimal(r.costUsd())
                .text(SqlValues.clip(r.priceId(), 255))
                .text(r.pricing())
                .text(json(r.decisions()))
                .text(SqlValues.clip(r.node(), 128))
                .add();
    }

    static Receipt map(ResultSet rs) throws SQLException {
        return new Receipt(
                rs.getString("trace_id"),
                rs.getString("tenant_id"),
                rs.getString("key_id"),
                rs.getString("endpoint"),
                rs.getString("requested_model"),
                rs.getString("alias"),
                rs.getString("strategy"),
                rs.getBoolean("stream"),
                rs.getInt("status"),
                rs.getString("error_type"),
                rs.getString("error_message"),
                rs.getString("served_by"),
                attempts(rs.getString("attempts")),
                rs.getLong("prompt_tokens"),
                rs.getLong("completion_tokens"),
                rs.getLong("cached_tokens"),
                rs.getLong("reasoning_tokens"),
                rs.getDouble("gateway_overhead_ms"),
                SqlValues.nullableDouble(rs, "upstream_ttfb_ms"),
                SqlValues.nullableDouble(rs, "upstream_ms"),
                rs.getDouble("total_ms"),
                SqlValues.instant(rs, "received_at"),
                SqlValues.instant(rs, "completed_at"),
                rs.getLong("cache_write_tokens"),
                costOf(rs.getBigDecimal("cost_usd")),
                rs.getString("price_id"),
                rs.getString("pricing"),
                decisions(rs.getString("decisions")),
                rs.getString("node_id"));
    }

    /** The column keeps 18 decimals; trailing zeros are padding, not precision. */
    private static java.math.BigDecimal costOf(java.math.BigDecimal stored) {
        if (stored == null) {
            return null;
        }
        java.math.BigDecimal plain = stored.stripTrailingZeros();
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }

    private static String attemptsJson(List<Receipt.Attempt> attempts) {
        try {
            return ReceiptJson.mapper().writeValueAsString(attempts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write receipt attempts as JSON", e);
        }
    }

    private static String json(List<?> values) {
        try {
            return ReceiptJson.mapper().writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write receipt list as JSON", e);
        }
    }

    private static List<Receipt.Decision> decisions(String json) throws SQLException {
        try {
            return json == null || json.isBlank() ? List.of() : ReceiptJson.mapper().readValue(json, DECISIONS);
        } catch (JsonProcessingException e) {
            throw new SQLException("receipts.decisions is not a JSON array of decisions", e);
        }
    }

    private static List<Receipt.Attempt> attempts(String json) throws SQLException {
        try {
            return json == null || json.isBlank() ? List.of() : ReceiptJson.mapper().readValue(json, ATTEMPTS);
        } catch (JsonProcessingException e) {
            throw new SQLException("receipts.attempts is not a JSON array of attempts", e);
        }
    }
}
