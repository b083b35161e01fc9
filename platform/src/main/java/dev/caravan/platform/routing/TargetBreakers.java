package dev.caravan.platform.routing;

import dev.caravan.platform.config.BreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * One resilience4j circuit breaker per target ({@code provider/model}), shared by every alias that
 * routes to it: a target that keeps failing is skipped everywhere until it has cooled down.
 * Only failures that are the upstream's fault count (5xx, 429, connect errors, timeouts, and a
 * stream that breaks after its head, counted when it ends); a 4xx caused by the client's request
 * does not, nor does a client hanging up on a stream. A slow success is a success: a long completion may take
 * minutes, and resilience4j would otherwise open the circuit when every call exceeds 60 s.
 */
public final class TargetBreakers {

    private final CircuitBreakerRegistry registry;

    public TargetBreakers(BreakerConfig config) {
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.window())
                .minimumNumberOfCalls(config.minimumCalls())
                .failureRateThreshold(config.failureRatePercent())
                .waitDurationInOpenState(config.openFor())
                .permittedNumberOfCallsInHalfOpenState(config.trialCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .slowCallDurationThreshold(Duration.ofNanos(Long.MAX_VALUE))
                .build());
    }

    /** Publishes every breaker's state and calls, tagged {@code name=<provider/model>}, including breakers created later. */
    public TargetBreakers bindTo(MeterRegistry meters) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return this;
    }

    public CircuitBreaker forTarget(String label) {
        return registry.circuitBreaker(label);
    }
}
