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
}
