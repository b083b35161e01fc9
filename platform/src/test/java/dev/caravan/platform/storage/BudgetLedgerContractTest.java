package dev.caravan.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.budget.BudgetLedger;
import dev.caravan.platform.budget.DatabaseBudgetLedger;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The budget ledger's guarantees, run on every supported database by a subclass. */
abstract class BudgetLedgerContractTest extends DatabaseContract {

    private ExecutorService executor;
    private BudgetLedger ledger;

    @BeforeEach
    void openLedger() {
        executor = Executors.newFixedThreadPool(8);
        ledger = new DatabaseBudgetLedger(storage.jdbi(), executor);
    }

    @AfterEach
    void stopLedger() {
        executor.shutdownNow();
    }

    private Optional<BudgetLedger.Reservation> reserve(String amount, String limit) {
        return ledger.reserve("team", "daily:2026-11-25", new BigDecimal(amount), new BigDecimal(limit)).toCompletableFuture().join();
    }

    private BudgetLedger.Usage usage() {
        return ledger.usage("team", "daily:2026-11-25").toCompletableFuture().join();
    }

    @Test
    void should_grant_exactly_as_many_reservations_as_fit_when_50_race_for_the_limit() {
        List<CompletableFuture<Optional<BudgetLedger.Reservation>>> racing = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            racing.add(ledger.reserve("team", "daily:2026-11-25", new BigDecimal("0.07"), new BigDecimal("0.70")).toCompletableFuture());
        }

        long granted = racing.stream().map(CompletableFuture::join).filter(Optional::isPresent).count();

        assertEquals(10, granted);
        assertEquals(0, new BigDecimal("0.70").compareTo(usage().reserved()));
    }

    @Test
    void should_count_the_actual_amount_and_free_the_reservation_when_settled() {
        BudgetLedger.Reservation r = reserve("0.5", "1").orElseThrow();

        ledger.settle(r, new BigDecimal("0.123456789012345678")).toCompletableFuture().join();

        assertEquals(new BudgetLedger.Usage(new BigDecimal("0.123456789012345678"), BigDecimal.ZERO), usage());
    }

    @Test
    void should_leave_no_spend_when_a_reservation_is_released() {
        BudgetLedger.Reservation r = reserve("0.9", "1").orElseThrow();
        assertFalse(reserve("0.2", "1").isPresent(), "0.9 reserved + 0.2 passes the limit of 1");

        ledger.release(r).toCompletableFuture().join();

        assertEquals(new BudgetLedger.Usage(BigDecimal.ZERO, BigDecimal.ZERO), usage());
        assertTrue(reserve("1", "1").isPresent(), "the whole limit is free again");
    }

    @Test
    void should_keep_each_window_apart_when_a_new_period_starts() {
        reserve("1", "1").orElseThrow();

        Optional<BudgetLedger.Reservation> nextDay =
                ledger.reserve("team", "daily:2026-11-26", BigDecimal.ONE, BigDecimal.ONE).toCompletableFuture().join();

        assertTrue(nextDay.isPresent());
    }

    @Test
    void should_draw_a_prepaid_balance_to_zero_and_refuse_past_it() {
        ledger.topUp("acme", new BigDecimal("1.00")).toCompletableFuture().join();

        BudgetLedger.Reservation a = ledger.reservePrepaid("acme", new BigDecimal("0.6")).toCompletableFuture().join().orElseThrow();
        assertFalse(ledger.reservePrepaid("acme", new BigDecimal("0.5")).toCompletableFuture().join().isPresent());
        ledger.settle(a, new BigDecimal("0.6")).toCompletableFuture().join();
        BudgetLedger.Reservation b = ledger.reservePrepaid("acme", new BigDecimal("0.4")).toCompletableFuture().join().orElseThrow();
        ledger.settle(b, new BigDecimal("0.4")).toCompletableFuture().join();

        BudgetLedger.Balance balance = ledger.balance("acme").toCompletableFuture().join();
        assertEquals(0, balance.available().signum(), balance.toString());
        assertFalse(ledger.reservePrepaid("acme", new BigDecimal("0.000001")).toCompletableFuture().join().isPresent());
    }

    @Test
    void should_refuse_without_waiting_for_the_database_when_the_window_had_no_room_at_the_last_transaction() throws Exception {
        BudgetLedger deciding = new DatabaseBudgetLedger(storage.jdbi(), executor, java.time.Duration.ofMillis(100));
        String window = "daily:2026-11-25";
        deciding.reserve("busy", window, new BigDecimal("0.7"), BigDecimal.ONE).toCompletableFuture().join().orElseThrow();
        try (org.jdbi.v3.core.Handle holder = storage.jdbi().open()) {
            holder.begin(); // another node's transaction holds the window's row
            holder.createQuery("SELECT reserved FROM budget_usage WHERE account = 'busy' FOR UPDATE").mapTo(BigDecimal.class).one();

            CompletableFuture<Optional<BudgetLedger.Reservation>> refused =
                    deciding.reserve("busy", window, new BigDecimal("0.5"), BigDecimal.ONE).toCompletableFuture();

            assertEquals(Optional.empty(), refused.get(5, java.util.concurrent.TimeUnit.SECONDS), "answered while the row is locked");
            holder.commit();
        }
        assertEquals(new BudgetLedger.Usage(BigDecimal.ZERO, new BigDecimal("0.7")),
                deciding.usage("busy", window).toCompletableFuture().join());
    }

    /** A reservation due {@code ms} from now, while another transaction (another node) holds the window's row. */
    private CompletableFuture<BudgetLedger.Verdict> reserveWhileRowLocked(org.jdbi.v3.core.Handle holder, String account,
            String amount, long ms) {
        holder.begin();
        holder.createQuery("SELECT reserved FROM budget_usage WHERE account = :a FOR UPDATE").bind("a", account)
                .mapTo(BigDecimal.class).one();
        return ledger.reserve(account, "daily:2026-11-25", new BigDecimal(amount), BigDecimal.ONE,
                java.time.Instant.now().plusMillis(ms)).toCompletableFuture();
    }

    private BigDecimal reservedIn(String account) {
        return ledger.usage(account, "daily:2026-11-25").toCompletableFuture().join().reserved();
    }

    @Test
    void should_answer_undecided_by_the_deadline_and_keep_nothing_reserved_when_the_row_stays_locked() throws Exception {
        reserve("0.2", "1").orElseThrow(); // this node saw room: the window is not known to be full
        try (org.jdbi.v3.core.Handle holder = storage.jdbi().open()) {
            CompletableFuture<BudgetLedger.Verdict> late = reserveWhileRowLocked(holder, "team", "0.5", 100);

            assertEquals(BudgetLedger.Verdict.UNDECIDED, late.get(5, java.util.concurrent.TimeUnit.SECONDS));
            holder.commit(); // the queued transaction now grants the 0.5 nobody waits for any more
        }
        dev.caravan.platform.it.Poll.until(() -> reservedIn("team"), r -> r.compareTo(new BigDecimal("0.2")) == 0,
                java.time.Duration.ofSeconds(5), () -> "the late grant was not released: reserved " + reservedIn("team"));
    }

    @Test
    void should_refuse_as_over_the_limit_by_the_deadline_when_the_window_had_no_room_when_last_seen() throws Exception {
        reserve("0.7", "1").orElseThrow();
        try (org.jdbi.v3.core.Handle holder = storage.jdbi().open()) {
            CompletableFuture<BudgetLedger.Verdict> late = reserveWhileRowLocked(holder, "team", "0.5", 100);

            assertEquals(BudgetLedger.Verdict.OVER_LIMIT, late.get(5, java.util.concurrent.TimeUnit.SECONDS));
            holder.commit();
        }
        assertEquals(0, new BigDecimal("0.7").compareTo(reservedIn("team")));
    }

    @Test
    void should_fail_rather_than_answer_undecided_when_the_last_budget_transaction_failed() throws Exception {
        reserve("0.2", "1").orElseThrow();
        try (org.jdbi.v3.core.Handle ddl = storage.jdbi().open()) {
            ddl.execute("ALTER TABLE budget_usage RENAME TO budget_usage_away");
            try {
                CompletableFuture<BudgetLedger.Verdict> failing = ledger.reserve("team", "daily:2026-11-25", BigDecimal.ONE,
                        BigDecimal.ONE, java.time.Instant.now().plusSeconds(5)).toCompletableFuture();
                assertTrue(assertThrowsCompletion(failing) instanceof StorageException, "the missing table is a storage error");
            } finally {
                ddl.execute("ALTER TABLE budget_usage_away RENAME TO budget_usage");
            }
        }
        try (org.jdbi.v3.core.Handle holder = storage.jdbi().open()) {
            CompletableFuture<BudgetLedger.Verdict> late = reserveWhileRowLocked(holder, "team", "0.5", 100);

            Throwable error = assertThrowsCompletion(late);
            assertTrue(error instanceof StorageException && error.getMessage().contains("failed this node's last budget transaction"),
                    String.valueOf(error));
            holder.commit();
        }
    }

    private static Throwable assertThrowsCompletion(CompletableFuture<?> future) {
        java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> future.get(5, java.util.concurrent.TimeUnit.SECONDS));
        return e.getCause();
    }
}
