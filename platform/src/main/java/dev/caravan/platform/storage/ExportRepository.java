package dev.caravan.platform.storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads receipts or request logs for an export, oldest first, in constant memory: page after
 * page of {@value #PAGE_SIZE} rows, each page a short query that continues where the last one
 * ended ({@code received_at >= last}, in the order of an index on {@code received_at}, so the
 * database neither sorts the table nor keeps a cursor or a transaction open while a slow client
 * reads). Rows received in the same microsecond come in no particular order; each is handed over
 * exactly once. The sink may block (back-pressure from the client) and may throw to stop.
 * Call it from a storage thread, never from a pipeline thread.
 *
 * <p>Why pages and not one JDBC cursor: PostgreSQL streams a cursor, but H2 materializes a
 * result before the first row (its lazy mode can fail with "Chunk not found" while the store
 * is written, h2database#4142), and a long cursor pins a connection and a snapshot for as long as
 * the client takes.
 */
public final class ExportRepository {

    public static final int PAGE_SIZE = 500;

    /** Filters of an export; null means any. {@code until} is exclusive. */
    public record Filter(Instant since, Instant until, String tenantId, String keyId) {}

    private final Jdbi jdbi;

    public ExportRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** @return the number of receipts handed to {@code sink} */
    public long receipts(Filter filter, Consumer<Receipt> sink) {
        return stream("receipts", ReceiptRepository.COLUMNS, filter, (rs, ctx) -> ReceiptRepository.map(rs),
                Receipt::traceId, Receipt::receivedAt, sink);
    }

    /** @return the number of request logs handed to {@code sink} */
    public long logs(Filter filter, Consumer<RequestLog> sink) {
        return stream("request_logs", RequestLogRepository.COLUMNS, filter, (rs, ctx) -> RequestLogRepository.map(rs),
                RequestLog::traceId, RequestLog::receivedAt, sink);
    }

    private <T> long stream(String table, String columns, Filter f, RowMapper<T> mapper, Function<T, String> id,
            Function<T, Instant> receivedAt, Consumer<T> sink) {
        List<String> conditions = new ArrayList<>();
        conditions.add("received_at >= :from");
        if (f.until() != null) {
            conditions.add("received_at < :until");
        }
        if (f.tenantId() != null) {
            conditions.add("tenant_id = :tenant");
        }
        if (f.keyId() != null) {
            conditions.add("key_id = :key");
        }
        String sql = "SELECT " + columns + " FROM " + table + " WHERE " + String.join(" AND ", conditions)
                + " ORDER BY received_at LIMIT :limit";
        Instant from = f.since() != null ? f.since() : Instant.EPOCH.minusSeconds(86_400L * 365 * 100);
        Set<String> seenAtFrom = new HashSet<>(); // rows already handed over whose received_at equals 'from'
        long count = 0;
        while (true) {
            int limit = PAGE_SIZE + seenAtFrom.size(); // room for every tie already seen plus a page of new rows
            List<T> page = page(sql, f, from, limit, mapper);
            for (T row : page) {
                if (receivedAt.apply(row).equals(from) && seenAtFrom.contains(id.apply(row))) {
                    continue;
                }
                sink.accept(row);
                count++;
                Instant at = receivedAt.apply(row);
                if (!at.equals(from)) {
                    from = at;
                    seenAtFrom.clear();
                }
                seenAtFrom.add(id.apply(row));
            }
            if (page.size() < limit) {
                return count;
            }
        }
    }

    private <T> List<T> page(String sql, Filter f, Instant from, int limit, RowMapper<T> mapper) {
        try {
            return jdbi.withHandle(handle -> {
                Query query = handle.createQuery(sql)
                        .bind("from", SqlValues.timestamp(from))
                        .bind("limit", limit);
                if (f.until() != null) {
                    query.bind("until", SqlValues.timestamp(f.until()));
                }
                if (f.tenantId() != null) {
                    query.bind("tenant", f.tenantId());
                }
                if (f.keyId() != null) {
                    query.bind("key", f.keyId());
                }
                return query.map(mapper).list();
            });
        } catch (JdbiException e) {
            throw new StorageException("cannot export: " + e.getMessage(), e);
        }
    }
}
