package dev.caravan.platform.budget;

import dev.caravan.api.budget.BudgetLedger;
import dev.caravan.api.budget.BudgetWindow;
import dev.caravan.platform.storage.StorageException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * The budget ledger on the gateway's database ({@code budget_usage}). Reservations of one budget
 * window queue on this node ({@link ReservationLanes}) and are decided in short transactions that
 * lock the window's row, check {@code spent + reserved + amount <= limit} for each and add what
 * fits ({@link ReservationBatch}), so the limit holds under any concurrency, across nodes sharing
 * PostgreSQL, and a burst at the limit is answered in a few round trips instead of waiting in line
 * for the row lock. A reservation with a deadline is answered by then even when the database is
 * not ({@link ReservationLanes}). Every call runs on the storage executor, never on the caller's
 * thread.
 */
public final class DatabaseBudgetLedger implements BudgetLedger {

    private static final String SETTLE = "UPDATE budget_usage SET reserved = reserved - :reserved, spent = spent + :actual"
            + " WHERE account = :account AND window_key = :window";
    // ON CONFLICT: inside a transaction a duplicate-key error would abort it on PostgreSQL.
    private static final String OPEN_WINDOW = "INSERT INTO budget_usage (account, window_key, spent, reserved)"
            + " VALUES (:account, :window, 0, 0) ON CONFLICT DO NOTHING";
    // Only what this node still holds: a share already released (the node was taken for dead) is not taken twice.
    private static final String UNHOLD = "UPDATE budget_reservations SET reserved = reserved - :reserved"
            + " WHERE node_id = :node AND account = :account AND window_key = :window AND reserved >= :reserved";
    private static final String RECOUNT = "UPDATE budget_usage SET reserved = reserved + :reserved"
            + " WHERE account = :account AND window_key = :window";
    /** The node id of ledgers built without one (tests, tools): one process, one share. */
    public static final String LOCAL_NODE = "local";

    private final Jdbi jdbi;
    private final Executor executor;
    private final ReservationLanes lanes;
    private final String nodeId;

    /** A ledger whose reservations always wait for the database's answer. */
    public DatabaseBudgetLedger(Jdbi jdbi, Executor executor) {
        this(jdbi, executor, null);
    }

    /**
     * @param decideWithin for reservations without a deadline (callers built before plugin-api
     *                     0.1.4): after how long a waiting one is refused when the window had no
     *                     room for it at this node's last transaction on it (null: never); the
     *                     gateway passes half of {@code admit.policy_timeout_ms}
     */
    public DatabaseBudgetLedger(Jdbi jdbi, Executor executor, java.time.Duration decideWithin) {
        this(jdbi, executor, decideWithin, LOCAL_NODE);
    }

    /** @param nodeId the node whose share of each window's reservations this ledger keeps ({@code server.node_id}) */
    public DatabaseBudgetLedger(Jdbi jdbi, Executor executor, java.time.Duration decideWithin, String nodeId) {
        this.jdbi = jdbi;
        this.executor = executor;
        this.nodeId = nodeId;
        this.lanes = new ReservationLanes(new ReservationBatch(jdbi, nodeId), executor, decideWithin, this::release);
    }

    public String nodeId() {
        return nodeId;
    }

    @Override
    public CompletionStage<Optional<Reservation>> reserve(String account, String window, BigDecimal amount, BigDecimal limit) {
        return reserve(account, window, amount, limit, null).thenApply(DatabaseBudgetLedger::reservation);
    }

    @Override
    public CompletionStage<Verdict> reserve(String account, String window, BigDecimal amount, BigDecimal limit, Instant answerBy) {
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + amount);
        }
        return lanes.reserve(account, window, amount, limit, answerBy);
    }

    @Override
    public CompletionStage<Optional<Reservation>> reservePrepaid(String account, BigDecimal amount) {
        return reservePrepaid(account, amount, null).thenApply(DatabaseBudgetLedger::reservation);
    }

    @Override
    public CompletionStage<Verdict> reservePrepaid(String account, BigDecimal amount, Instant answerBy) {
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + amount);
        }
        return lanes.reserve(account, BudgetWindow.PREPAID, amount, null, answerBy);
    }

    /** Without a deadline a reservation is never undecided: reserved, or refused at the limit. */
    private static Optional<Reservation> reservation(Verdict verdict) {
        return Optional.ofNullable(verdict.reservation());
    }

    @Override
    public CompletionStage<Balance> topUp(String account, BigDecimal amount) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a top-up must be positive: " + amount);
        }
        return async(() -> topUpNow(account, amount));
    }

    /**
     * {@link #topUp} on the calling thread, for the admin API, which runs it inside the transaction
     * of its audit entry ({@code AuditLog.apply}): the credit holds the balance row's lock until that
     * transaction ends, so the balance read back is exactly this top-up's result. Blocking: call it
     * on the storage executor.
     */
    public Balance topUpNow(String account, BigDecimal amount) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a top-up must be positive: " + amount);
        }
        // ON CONFLICT rather than openWindow's catch: inside a transaction, a duplicate-key error
        // would abort the whole transaction on PostgreSQL.
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO budget_usage (account, window_key, spent, reserved)"
                        + " VALUES (:account, '" + BudgetWindow.PREPAID + "', 0, 0) ON CONFLICT DO NOTHING")
                .bind("account", account).execute());
        jdbi.useHandle(h -> h.createUpdate("UPDATE budget_usage SET credited = credited + :amount"
                + " WHERE account = :account AND window_key = '" + BudgetWindow.PREPAID + "'")
                .bind("account", account).bind("amount", amount).execute());
        return readBalance(account);
    }

    @Override
    public CompletionStage<Balance> balance(String account) {
        return async(() -> readBalance(account));
    }

    private Balance readBalance(String account) {
        return jdbi.withHandle(h -> h.createQuery("SELECT credited, spent, reserved FROM budget_usage"
                        + " WHERE account = :account AND window_key = '" + BudgetWindow.PREPAID + "'")
                .bind("account", account)
                .map((rs, ctx) -> new Balance(exact(rs.getBigDecimal("credited")), exact(rs.getBigDecimal("spent")),
                        exact(rs.getBigDecimal("reserved"))))
                .findOne()
                .orElse(new Balance(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO)));
    }

    /** Numeric columns come back with the column's 18 decimals; callers compare and print the value. */
    private static BigDecimal exact(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    @Override
    public CompletionStage<Void> settle(Reservation reservation, BigDecimal actual) {
        return async(() -> {
            update(reservation, reservation.amount(), actual);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> release(Reservation reservation) {
        return async(() -> {
            update(reservation, reservation.amount(), BigDecimal.ZERO);
            return null;
        });
    }

    @Override
    public CompletionStage<Usage> usage(String account, String window) {
        return async(() -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT spent, reserved FROM budget_usage WHERE account = :account AND window_key = :window")
                .bind("account", account).bind("window", window)
                .map((rs, ctx) -> new Usage(exact(rs.getBigDecimal("spent")), exact(rs.getBigDecimal("reserved"))))
                .findOne()
                .orElse(new Usage(BigDecimal.ZERO, BigDecimal.ZERO))));
    }

    /**
     * Settles or releases in one transaction on the window's row, then on this node's share (the
     * same lock order as a reservation, so the two never deadlock). When the share no longer holds
     * the amount, it was released while the request ran (this node was taken for dead, see
     * {@link StrandedReservations}): the window's {@code reserved} already went down, so it is put back.
     */
    private void update(Reservation reservation, BigDecimal reserved, BigDecimal actual) {
        jdbi.useTransaction(h -> {
            if (settle(h, reservation, reserved, actual) == 0) { // the row is gone (deleted by hand): count it anyway
                h.createUpdate(OPEN_WINDOW).bind("account", reservation.account()).bind("window", reservation.window()).execute();
                settle(h, reservation, reserved, actual);
            }
            if (reserved.signum() > 0 && bind(h.createUpdate(UNHOLD), reservation, reserved).bind("node", nodeId).execute() == 0) {
                bind(h.createUpdate(RECOUNT), reservation, reserved).execute();
            }
        });
    }

    private static int settle(org.jdbi.v3.core.Handle h, Reservation reservation, BigDecimal reserved, BigDecimal actual) {
        return bind(h.createUpdate(SETTLE), reservation, reserved).bind("actual", actual).execute();
    }

    private static org.jdbi.v3.core.statement.Update bind(org.jdbi.v3.core.statement.Update update, Reservation r, BigDecimal reserved) {
        return update.bind("account", r.account()).bind("window", r.window()).bind("reserved", reserved);
    }

    private <T> CompletionStage<T> async(Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.get();
            } catch (RuntimeException e) {
                throw new StorageException("budget ledger: " + e.getClass().getSimpleName(), e);
            }
        }, executor);
    }
}
