package dev.caravan.platform.ratelimit;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The shared counts of {@code shared: true} rate limits ({@code rate_limit_windows}): per limit,
 * metric and minute, how much all nodes have leased. Blocking: call it on the storage executor.
 */
final class LeaseStore {

    private static final String OPEN = "INSERT INTO rate_limit_windows (limit_key, window_start, used)"
            + " SELECT :key, :window, 0 WHERE NOT EXISTS"
            + " (SELECT 1 FROM rate_limit_windows WHERE limit_key = :key AND window_start = :window)";
    private static final String READ = "SELECT used FROM rate_limit_windows WHERE limit_key = :key AND window_start = :window FOR UPDATE";
    // The condition keeps the limit even if the row lock were not held (it is).
    private static final String TAKE = "UPDATE rate_limit_windows SET used = used + :lease"
            + " WHERE limit_key = :key AND window_start = :window AND used + :lease <= :limit";
    private static final String GIVE_BACK = "UPDATE rate_limit_windows SET used = used - :amount"
            + " WHERE limit_key = :key AND window_start = :window";
    private static final String PURGE = "DELETE FROM rate_limit_windows WHERE window_start < :before";

    private final Jdbi jdbi;

    LeaseStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** What one lease got: {@code granted} of the wanted amount, and the window's total after it. */
    record Grant(long granted, long usedAfter) {}

    /** Leases up to {@code want} from the window, never past {@code limit}: one short transaction. */
    Grant lease(String key, long window, long want, long limit) {
        open(key, window);
        return jdbi.inTransaction(h -> {
            long used = h.createQuery(READ).bind("key", key).bind("window", window).mapTo(Long.class).findOne().orElse(limit);
            long grant = Math.min(want, limit - used);
            if (grant <= 0) {
                return new Grant(0, used);
            }
            int updated = h.createUpdate(TAKE).bind("key", key).bind("window", window).bind("lease", grant)
                    .bind("limit", limit).execute();
            return updated == 1 ? new Grant(grant, used + grant) : new Grant(0, used);
        });
    }

    /** Returns unused lease (or, negative, adds tokens used beyond their estimate). */
    void giveBack(String key, long window, long amount) {
        jdbi.useHandle(h -> h.createUpdate(GIVE_BACK).bind("key", key).bind("window", window).bind("amount", amount).execute());
    }

    /** Drops windows that ended before {@code window}; they can never be leased from again. */
    void purgeBefore(long window) {
        jdbi.useHandle(h -> h.createUpdate(PURGE).bind("before", window).execute());
    }

    private void open(String key, long window) {
        try {
            jdbi.useHandle(h -> h.createUpdate(OPEN).bind("key", key).bind("window", window).execute());
        } catch (UnableToExecuteStatementException e) {
            // Two nodes opening the window at once: one insert wins, which is all we need.
            if (!(e.getCause() instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23"))) {
                throw e;
            }
        }
    }
}
