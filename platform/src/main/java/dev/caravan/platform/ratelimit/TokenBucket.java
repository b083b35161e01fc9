package dev.caravan.platform.ratelimit;

/**
 * A token bucket that holds up to {@code capacity} tokens and refills continuously at
 * {@code capacity} per minute, as OpenAI's limits do: a full minute's allowance may be spent in a
 * burst, and after that it comes back a little at a time. The balance may go below zero when a
 * request turns out to have used more tokens than it was charged up front; the debt is repaid by
 * the refill before anything else passes. Not thread-safe: {@link RateLimiter} holds one lock
 * around every use, so a request is checked and charged against all its buckets at once.
 */
final class TokenBucket implements Allowance {

    static final long PERIOD_NANOS = 60_000_000_000L;

    private final long capacity;
    private final double tokensPerNano;
    private double tokens;
    private long updatedNanos;

    TokenBucket(long capacity, long nowNanos) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.tokensPerNano = (double) capacity / PERIOD_NANOS;
        this.tokens = capacity;
        this.updatedNanos = nowNanos;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    /** Whole tokens available now (0 while in debt). */
    @Override
    public long available(long nowNanos) {
        refill(nowNanos);
        return Math.max(0, (long) Math.floor(tokens));
    }

    /** Takes {@code amount} tokens, even into debt: callers check {@link #nanosUntil} first. */
    @Override
    public void take(long amount, long nowNanos) {
        refill(nowNanos);
        tokens -= amount;
    }

    /** Gives back tokens charged but not used; the bucket never holds more than its capacity. */
    @Override
    public void refund(long amount, long nowNanos) {
        refill(nowNanos);
        tokens = Math.min(capacity, tokens + amount);
    }

    /** How long until {@code amount} tokens are available; 0 when they are now. */
    long nanosUntil(long amount, long nowNanos) {
        refill(nowNanos);
        double missing = amount - tokens;
        return missing <= 0 ? 0 : (long) Math.ceil(missing / tokensPerNano);
    }

    /** How long until the bucket is full again (OpenAI's "reset"). */
    @Override
    public long nanosUntilFull(long nowNanos) {
        return nanosUntil(capacity, nowNanos);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - updatedNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            updatedNanos = nowNanos;
        }
    }
}
