package dev.caravan.api.budget;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Spend counters the platform keeps for budget policies, in its database, shared by every gateway
 * node on that database. An account is a budget's name, a window is its current period (e.g.
 * {@code 2026-11-25}); amounts are exact (USD or tokens, as the budget counts).
 *
 * <p>Every call runs on the platform's storage threads and completes its stage there; callers must
 * not block on it. {@link #reserve} is one atomic database statement: concurrent reservations, from
 * any node, can never together exceed the limit.
 */
public interface BudgetLedger {

    /**
     * Reserves {@code amount} in the window when spent + reserved + amount stays within
     * {@code limit}; otherwise reserves nothing.
     *
     * @return the reservation, or empty when it would pass the limit
     */
    CompletionStage<Optional<Reservation>> reserve(String account, String window, BigDecimal amount, BigDecimal limit);

    /** Turns a reservation into spend of {@code actual} (which may be more or less than reserved). */
    CompletionStage<Void> settle(Reservation reservation, BigDecimal actual);

    /** Gives a reservation back unspent (the request failed before anything was billed). */
    CompletionStage<Void> release(Reservation reservation);

    /**
     * Reserves {@code amount} of a prepaid balance when credited - spent - reserved covers it, in
     * one atomic statement like {@link #reserve}.
     */
    CompletionStage<Optional<Reservation>> reservePrepaid(String account, BigDecimal amount);

    /** Credits a prepaid balance (an admin's top-up); returns the balance after it. */
    CompletionStage<Balance> topUp(String account, BigDecimal amount);

    /** A prepaid balance (zeros before the first top-up). */
    CompletionStage<Balance> balance(String account);

    /** Spent and reserved in the window (zeros when nothing happened yet). */
    CompletionStage<Usage> usage(String account, String window);

    /** A prepaid account: what was credited, spent and is reserved; {@link #available} is left to use. */
    record Balance(BigDecimal credited, BigDecimal spent, BigDecimal reserved) {

        public BigDecimal available() {
            return credited.subtract(spent).subtract(reserved);
        }
    }

    /** What a window holds. */
    record Usage(BigDecimal spent, BigDecimal reserved) {}

    /** Held by the policy between reserve and settle/release. */
    record Reservation(String account, String window, BigDecimal amount) {}
}
