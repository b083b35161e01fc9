package dev.caravan.platform.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;

/** The audit log ({@code audit_log}): appended to, never updated; listed newest first by id. Thread-safe. */
public final class AuditRepository {

    private static final String COLUMNS = "id, at, actor, action, target, before_state, after_state";

    /** One page: entries newest first, and the id to pass as {@code beforeId} for the next page (null on the last). */
    public record Page(List<AuditEntry> entries, Long nextBeforeId) {}

    private final Jdbi jdbi;

    public AuditRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void insert(Instant at, String actor, String action, String target, JsonNode before, JsonNode after) {
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO audit_log (at, actor, action, target, before_state, after_state)"
                            + " VALUES (:at, :actor, :action, :target, :before, :after)")
                    .bind("at", SqlValues.timestamp(at))
                    .bind("actor", SqlValues.clip(actor, 255))
                    .bind("action", SqlValues.clip(action, 128))
                    .bind("target", SqlValues.clip(target, 512))
                    .bind("before", text(before))
                    .bind("after", text(after))
                    .execute());
        } catch (JdbiException e) {
            throw new StorageException("cannot write audit entry '" + action + "': " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in one transaction on this database: every repository call it makes on the
     * same {@code Jdbi} and thread joins it, and an exception rolls all of it back.
     *
     * @throws StorageException when the database fails (a {@code work} exception passes through as thrown)
     */
    public <T> T inTransaction(java.util.function.Supplier<T> work) {
        try {
            return jdbi.inTransaction(h -> work.get());
        } catch (JdbiException e) {
            throw new StorageException("cannot complete the change: " + e.getMessage(), e);
        }
    }

    /** Entries newest first; filters may be null. */
    public Page list(Instant since, String action, Long beforeId, int limit) {
        List<String> conditions = new ArrayList<>();
        if (since != null) {
            conditions.add("at >= :since");
        }
        if (action != null) {
            conditions.add("action = :action");
        }
        if (beforeId != null) {
            conditions.add("id < :before");
        }
        String sql = "SELECT " + COLUMNS + " FROM audit_log"
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY id DESC LIMIT :limit";
        try {
            List<AuditEntry> rows = jdbi.withHandle(h -> {
                Query q = h.createQuery(sql).bind("limit", limit + 1);
                if (since != null) {
                    q.bind("since", SqlValues.timestamp(since));
                }
                if (action != null) {
                    q.bind("action", action);
                }
                if (beforeId != null) {
                    q.bind("before", beforeId.longValue());
                }
                return q.map((rs, ctx) -> map(rs)).list();
            });
            if (rows.size() <= limit) {
                return new Page(rows, null);
            }
            List<AuditEntry> page = List.copyOf(rows.subList(0, limit));
            return new Page(page, page.get(page.size() - 1).id());
        } catch (JdbiException e) {
            throw new StorageException("cannot list audit entries: " + e.getMessage(), e);
        }
    }

    /** The newest entry with this action and target, if any. */
    public java.util.Optional<AuditEntry> latest(String action, String target) {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_log WHERE action = :action"
                            + " AND target = :target ORDER BY id DESC LIMIT 1")
                    .bind("action", action).bind("target", target)
                    .map((rs, ctx) -> map(rs)).findOne());
        } catch (JdbiException e) {
            throw new StorageException("cannot read audit entries: " + e.getMessage(), e);
        }
    }

    /** The newest entry of each target among the entries whose action starts with {@code actionPrefix}. */
    public List<AuditEntry> latestPerTarget(String actionPrefix) {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_log WHERE id IN"
                            + " (SELECT MAX(id) FROM audit_log WHERE action LIKE :prefix GROUP BY target) ORDER BY id")
                    .bind("prefix", actionPrefix.replace("%", "\\%").replace("_", "\\_") + "%")
                    .map((rs, ctx) -> map(rs)).list());
        } catch (JdbiException e) {
            throw new StorageException("cannot read audit entries: " + e.getMessage(), e);
        }
    }

    private static AuditEntry map(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("id"), SqlValues.instant(rs, "at"), rs.getString("actor"), rs.getString("action"),
                rs.getString("target"), node(rs.getString("before_state")), node(rs.getString("after_state")));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }

    private static JsonNode node(String json) throws SQLException {
        try {
            return json == null ? null : ReceiptJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new SQLException("audit_log state is not JSON", e);
        }
    }
}
