package dev.caravan.platform.ratelimit;

/**
 * What a limit draws from: this node's {@link TokenBucket}, or the local lease of a shared window
 * ({@link SharedWindowCounter}). Not thread-safe: {@link RateLimiter} holds one lock around every use.
 */
interface Allowance {

    long capacity();

    /** Whole units available now (0 while in debt). */
    long available(long nowNanos);

    /** Takes {@code amount}, even into debt. */
    void take(long amount, long nowNanos);

    /** Gives back units charged but not used. */
    void refund(long amount, long nowNanos);

    /** How long until it is full again (OpenAI's "reset"). */
    long nanosUntilFull(long nowNanos);
}
