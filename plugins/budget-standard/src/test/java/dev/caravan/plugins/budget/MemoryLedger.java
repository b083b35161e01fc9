package dev.caravan.plugins.budget;

import dev.caravan.api.budget.BudgetLedger;
import dev.caravan.api.budget.BudgetWindow;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A ledger in memory with the database ledger's rules (checked and applied under one lock), so the
 * policy's own logic can be tested without a database. The database ledger has its own contract tests.
 */
final class MemoryLedger implements BudgetLedger {

    private final Map<String, BigDecimal[]> rows = new HashMap<>(); // account|window -> {spent, reserved, credited}
    /** The deadline of each reservation asked for, in order (null: none). */
    final java.util.List<java.time.Instant> deadlines = new java.util.ArrayList<>();
    /** When set, a reservation with a deadline is answered undecided, as a database too slow to answer by then. */
    volatile boolean tooSlow;

    @Override
    public synchronized CompletionStage<Verdict> reserve(String account, String window, BigDecimal amount, BigDecimal limit,
            java.time.Instant answerBy) {
        deadlines.add(answerBy);
        if (tooSlow && answerBy != null) {
            return CompletableFuture.completedFuture(Verdict.UNDECIDED);
        }
        return reserve(account, window, amount, limit).thenApply(Verdict::of);
    }

    private BigDecimal[] row(String account, String window) {
        return rows.computeIfAbsent(account + "|" + window, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
    }

    @Override
    public synchronized CompletionStage<Optional<Reservation>> reserve(String account, String window, BigDecimal amount, BigDecimal limit) {
        BigDecimal[] r = row(account, window);
        if (r[0].add(r[1]).add(amount).compareTo(limit) > 0) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        r[1] = r[1].add(amount);
        return CompletableFuture.completedFuture(Optional.of(new Reservation(account, window, amount)));
    }

    @Override
    public synchronized CompletionStage<Optional<Reservation>> reservePrepaid(String account, BigDecimal amount) {
        BigDecimal[] r = row(account, BudgetWindow.PREPAID);
        return reserve(account, BudgetWindow.PREPAID, amount, r[2]);
    }

    @Override
    public synchronized CompletionStage<Balance> topUp(String account, BigDecimal amount) {
        BigDecimal[] r = row(account, BudgetWindow.PREPAID);
        r[2] = r[2].add(amount);
        return balance(account);
    }

    @Override
    public synchronized CompletionStage<Balance> balance(String account) {
        BigDecimal[] r = row(account, BudgetWindow.PREPAID);
        return CompletableFuture.completedFuture(new Balance(r[2], r[0], r[1]));
    }

    @Override
    public synchronized CompletionStage<Void> settle(Reservation reservation, BigDecimal actual) {
        BigDecimal[] r = row(reservation.account(), reservation.window());
        r[1] = r[1].subtract(reservation.amount());
        r[0] = r[0].add(actual);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Void> release(Reservation reservation) {
        return settle(reservation, BigDecimal.ZERO);
    }

    @Override
    public synchronized CompletionStage<Usage> usage(String account, String window) {
        BigDecimal[] r = row(account, window);
        return CompletableFuture.completedFuture(new Usage(r[0], r[1]));
    }
}
