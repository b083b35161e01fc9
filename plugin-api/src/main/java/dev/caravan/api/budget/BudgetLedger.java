package dev.caravan.api.budget;

import java.math.BigDecimal;
import java.time.Instant;
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

    /**
     * {@link #reserve} answered by {@code answerBy} (since plugin-api 0.1.4): a reservation the
     * ledger cannot decide by then (its database is slow or the budget's row is locked by other
     * transactions) is answered {@link Verdict.Kind#OVER_LIMIT} when the window had no room for it
     * when last seen, else {@link Verdict.Kind#UNDECIDED}; either way nothing stays reserved for it.
     * A ledger whose store is failing fails the stage instead. The default waits for
     * {@link #reserve} and never answers undecided.
     *
     * @param answerBy when the caller stops waiting, on the system clock; null: no deadline
     */
    default CompletionStage<Verdict> reserve(String account, String window, BigDecimal amount, BigDecimal limit, Instant answerBy) {
        return reserve(account, window, amount, limit).thenApply(Verdict::of);
    }

    /** {@link #reservePrepaid} answered by {@code answerBy}, as {@link #reserve(String, String, BigDecimal, BigDecimal, Instant)}. */
    default CompletionStage<Verdict> reservePrepaid(String account, BigDecimal amount, Instant answerBy) {
        return reservePrepaid(account, amount).thenApply(Verdict::of);
    }

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

    /**
     * What a reservation with a deadline came to (since plugin-api 0.1.4).
     *
     * @param reservation the reservation when {@code kind} is {@link Kind#RESERVED}, else null
     */
    record Verdict(Kind kind, Reservation reservation) {

        public enum Kind {
            /** Reserved: hold it until settle or release. */
            RESERVED,
            /** Refused: spent + reserved + amount would pass the limit (or the prepaid credit). */
            OVER_LIMIT,
            /** Not decided by the deadline, nothing reserved: the budget is contended, ask again later. */
            UNDECIDED
        }

        public static final Verdict OVER_LIMIT = new Verdict(Kind.OVER_LIMIT, null);
        public static final Verdict UNDECIDED = new Verdict(Kind.UNDECIDED, null);

        public Verdict {
            if ((kind == Kind.RESERVED) != (reservation != null)) {
                throw new IllegalArgumentException("a reservation comes with RESERVED and only with it: " + kind);
            }
        }

        public static Verdict reserved(Reservation reservation) {
            return new Verdict(Kind.RESERVED, reservation);
        }

        /** The answer of {@link #reserve(String, String, BigDecimal, BigDecimal)}: a reservation or none. */
        public static Verdict of(Optional<Reservation> answer) {
            return answer.map(Verdict::reserved).orElse(OVER_LIMIT);
        }
    }

    /** Held by the policy between reserve and settle/release. */
    record Reservation(String account, String window, BigDecimal amount) {}
}
