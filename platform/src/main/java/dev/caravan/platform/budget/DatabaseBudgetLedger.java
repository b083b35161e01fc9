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
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

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
    private static final String OPEN_WINDOW = "INSERT INTO budget_usage (account, window_key, spent, reserved)"
            + " SELECT :account, :window, 0, 0 WHERE NOT EXISTS"
            + " (SELECT 1 FROM budget_usage WHERE account = :account AND window_key = :window)";

    private final Jdbi jdbi;
    private final Executor executor;
    private final ReservationLanes lanes;

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
        this.jdbi = jdbi;
        this.executor = executor;
        this.lanes = new ReservationLanes(new ReservationBatch(jdbi), executor, decideWithin, this::release);
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

    private void update(Reservation reservation, BigDecimal reserved, BigDecimal actual) {
        if (settle(reservation, reserved, actual) == 0) { // the row is gone (deleted by hand): count it anyway
            openWindow(reservation.account(), reservation.window());
            settle(reservation, reserved, actual);
        }
    }

    private int settle(Reservation reservation, BigDecimal reserved, BigDecimal actual) {
        return jdbi.withHandle(h -> h.createUpdate(SETTLE).bind("account", reservation.account()).bind("window", reservation.window())
                .bind("reserved", reserved).bind("actual", actual).execute());
    }

    /** The window's row, created on first use; two nodes creating it at once is fine (one insert wins). */
    private void openWindow(String account, String window) {
        try {
            jdbi.useHandle(h -> h.createUpdate(OPEN_WINDOW).bind("account", account).bind("window", window).execute());
        } catch (UnableToExecuteStatementException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
        }
    }

    private static boolean isDuplicateKey(UnableToExecuteStatementException e) {
        return e.getCause() instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23");
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
