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
 */
public record BreakerConfig(int failureRatePercent, int window, int minimumCalls, Duration openFor, int trialCalls) {

    public static final BreakerConfig DEFAULTS = new BreakerConfig(50, 20, 5, Duration.ofSeconds(30), 2);
}
