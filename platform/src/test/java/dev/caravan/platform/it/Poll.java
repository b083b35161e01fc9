package dev.caravan.platform.it;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes, pausing briefly between tries. */
public final class Poll {

    private static final long PAUSE_NANOS = Duration.ofMillis(5).toNanos();

    private Poll() {}

    /** The first value {@code attempt} returns that {@code done} accepts; fails after {@code timeout}. */
    public static <T> T until(Supplier<T> attempt, java.util.function.Predicate<T> done, Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = attempt.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get() + " (last: " + value + ")");
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
    }

    /**
     * Checks that {@code attempt}'s value keeps satisfying {@code holds} for the whole of
     * {@code window}, failing at the first value that does not: how a test shows that something
     * (a duplicate, a second call) does not happen.
     */
    public static <T> void holdsFor(Supplier<T> attempt, java.util.function.Predicate<T> holds, Duration window, Supplier<String> failure) {
        long end = System.nanoTime() + window.toNanos();
        do {
            T value = attempt.get();
            if (!holds.test(value)) {
                throw new AssertionError(failure.get() + " (got: " + value + ")");
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        } while (System.nanoTime() < end);
    }
}
