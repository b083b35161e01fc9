package dev.caravan.platform.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** Request logs ({@code request_logs}), written in batches by the request log writer. Thread-safe. */
public final class RequestLogRepository {

    static final String COLUMNS = "trace_id, tenant_id, key_id, received_at, mode, do_not_track, request_body,"
            + " response_body, truncated, redactions";
    // Replaying or re-submitting a trace id keeps the first row (ON CONFLICT DO NOTHING works on both databases).
    private static final String INSERT = "INSERT INTO request_logs (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() {};

    private final Jdbi jdbi;

    public RequestLogRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void insertBatch(List<RequestLog> logs) {
        if (logs.isEmpty()) {
            return;
        }
        try {
            jdbi.useTransaction(handle -> {
                try (PreparedStatement insert = handle.getConnection().prepareStatement(INSERT)) {
                    PositionalRow row = new PositionalRow(insert);
                    for (RequestLog log : logs) {
                        row.text(log.traceId())
                                .text(SqlValues.clip(log.tenantId(), 128))
                                .text(SqlValues.clip(log.keyId(), 64))
                                .timestamp(log.receivedAt())
                                .text(log.mode())
                                .text(log.doNotTrack())
                                .text(log.requestBody())
                                .text(log.responseBody())
                                .bool(log.truncated())
                                .text(json(log.redactions()))
                                .add();
                    }
                    insert.executeBatch();
                }
            });
        } catch (JdbiException | SQLException e) {
            throw new StorageException("cannot write " + logs.size() + " request logs: " + e.getMessage(), e);
        }
    }

    public Optional<RequestLog> find(String traceId) {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM request_logs WHERE trace_id = :id")
                    .bind("id", traceId)
                    .map((rs, ctx) -> map(rs))
                    .findOne());
        } catch (JdbiException e) {
            throw new StorageException("cannot read request log " + traceId + ": " + e.getMessage(), e);
        }
    }

    static RequestLog map(ResultSet rs) throws SQLException {
        return new RequestLog(rs.getString("trace_id"), rs.getString("tenant_id"), rs.getString("key_id"),
                SqlValues.instant(rs, "received_at"), rs.getString("mode"), rs.getString("do_not_track"),
                rs.getString("request_body"), rs.getString("response_body"), rs.getBoolean("truncated"),
                counts(rs.getString("redactions")));
    }

    private static String json(Map<String, Integer> counts) {
        try {
            return ReceiptJson.mapper().writeValueAsString(counts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write redaction counts as JSON", e);
        }
    }

    private static Map<String, Integer> counts(String json) throws SQLException {
        try {
            return json == null || json.isBlank() ? Map.of() : ReceiptJson.mapper().readValue(json, COUNTS);
        } catch (JsonProcessingException e) {
            throw new SQLException("request_logs.redactions is not a JSON object of counts", e);
        }
    }
}
