package dev.caravan.platform.config;

import java.time.Duration;

/**
 * {@code breaker:} — the circuit breaker kept for every target (provider + model). A target whose
 * recent calls fail too often is skipped until it has cooled down; then a few trial calls decide
 * whether it is healthy again.
 *
 * @param failureRatePercent failure rate over the window that opens the circuit (default 50)
 * @param window             calls in the sliding window (default 20)
 * @param minimumCalls       calls needed before the rate counts (default 5)
 * @param openFor            how long an open circuit skips the target (default 30 s)
 * @param trialCalls         calls let through while half-open (default 2)
 * @param rateLimitCooldown  how long a target that answered 429 without {@code Retry-After} is
 *                           skipped (default 1 s); a 429 is not a breaker failure
 * @param maxRateLimitCooldown the longest cooldown an upstream's {@code Retry-After} can ask for (default 60 s)
 */
public record BreakerConfig(int failureRatePercent, int window, int minimumCalls, Duration openFor, int trialCalls,
        Duration rateLimitCooldown, Duration maxRateLimitCooldown) {

    public static final Duration DEFAULT_RATE_LIMIT_COOLDOWN = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_RATE_LIMIT_COOLDOWN = Duration.ofSeconds(60);
    public static final BreakerConfig DEFAULTS = new BreakerConfig(50, 20, 5, Duration.ofSeconds(30), 2);

    /** The circuit settings with the default 429 cooldowns. */
    public BreakerConfig(int failureRatePercent, int window, int minimumCalls, Duration openFor, int trialCalls) {
        this(failureRatePercent, window, minimumCalls, openFor, trialCalls, DEFAULT_RATE_LIMIT_COOLDOWN,
                DEFAULT_MAX_RATE_LIMIT_COOLDOWN);
    }
}
