package dev.caravan.platform.storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads receipts or request logs for an export row by row, oldest first, in constant memory: the
 * query runs in a read transaction with a fetch size, so PostgreSQL uses a server-side cursor
 * and H2 spills large results to disk; each row is handed to {@code sink} and then dropped. The
 * sink may block (back-pressure from a slow client) and may throw to stop the export.
 * Call it from a storage thread, never from a pipeline thread.
 */
public final class ExportRepository {

    public static final int FETCH_SIZE = 500;

    /** Filters of an export; null means any. {@code until} is exclusive. */
    public record Filter(Instant since, Instant until, String tenantId, String keyId) {}

    private final Jdbi jdbi;

    public ExportRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** @return the number of receipts handed to {@code sink} */
    public long receipts(Filter filter, Consumer<Receipt> sink) {
        return stream("receipts", ReceiptRepository.COLUMNS, filter, (rs, ctx) -> ReceiptRepository.map(rs), sink);
    }

    /** @return the number of request logs handed to {@code sink} */
    public long logs(Filter filter, Consumer<RequestLog> sink) {
        return stream("request_logs", RequestLogRepository.COLUMNS, filter, (rs, ctx) -> RequestLogRepository.map(rs), sink);
    }

    private <T> long stream(String table, String columns, Filter f, RowMapper<T> mapper, Consumer<T> sink) {
        List<String> conditions = new ArrayList<>();
        if (f.since() != null) {
            conditions.add("received_at >= :since");
        }
        if (f.until() != null) {
            conditions.add("received_at < :until");
        }
        if (f.tenantId() != null) {
            conditions.add("tenant_id = :tenant");
        }
        if (f.keyId() != null) {
            conditions.add("key_id = :key");
        }
        String sql = "SELECT " + columns + " FROM " + table
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY received_at, trace_id";
        try {
            return jdbi.inTransaction(handle -> {
                Query query = handle.createQuery(sql).setFetchSize(FETCH_SIZE);
                if (f.since() != null) {
                    query.bind("since", SqlValues.timestamp(f.since()));
                }
                if (f.until() != null) {
                    query.bind("until", SqlValues.timestamp(f.until()));
                }
                if (f.tenantId() != null) {
                    query.bind("tenant", f.tenantId());
                }
                if (f.keyId() != null) {
                    query.bind("key", f.keyId());
                }
                long[] count = {0};
                query.map(mapper).useIterator(rows -> rows.forEachRemaining(row -> {
                    sink.accept(row);
                    count[0]++;
                }));
                return count[0];
            });
        } catch (JdbiException e) {
            throw new StorageException("cannot export " + table + ": " + e.getMessage(), e);
        }
    }
}
