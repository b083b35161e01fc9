package dev.caravan.platform.config;

import java.time.Duration;

/**
 * {@code retry:} — tries of the same target after a retryable failure (the alias's
 * {@code on_status}, a connect error or a timeout), with exponential backoff and full jitter,
 * waiting at least as long as the upstream's {@code Retry-After} asks.
 *
 * @param attempts   extra tries after the first (0 = no retry)
 * @param backoff    base delay; try n waits a random time up to {@code backoff × 2^(n-1)}
 * @param maxBackoff cap of one wait (also caps Retry-After)
 */
public record RetryPolicy(int attempts, Duration backoff, Duration maxBackoff) {

    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ofMillis(250), Duration.ofSeconds(4));
}
