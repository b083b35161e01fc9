package dev.caravan.platform.routing;

import dev.caravan.platform.config.BreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One resilience4j circuit breaker per target ({@code provider/model}), shared by every alias that
 * routes to it: a target that keeps failing is skipped everywhere until it has cooled down.
 * Only failures that are the upstream's fault count (5xx, connect errors, timeouts, an answer too
 * large or not valid JSON, and a stream that breaks after its head, counted when it ends); a 4xx
 * caused by the client's request does not, nor does a client hanging up on a stream. A slow success
 * is a success: a long completion may take minutes, and resilience4j would otherwise open the
 * circuit when every call exceeds 60 s.
 *
 * <p>An upstream 429 is not an outage but a request to wait: it is no breaker failure; the target
 * is skipped for the upstream's {@code Retry-After} instead ({@link RateLimitCooldowns}).
 */
public final class TargetBreakers {

    private final CircuitBreakerRegistry registry;
    private final Duration openFor;
    private final Map<String, Long> openedAt = new ConcurrentHashMap<>();
    private final RateLimitCooldowns cooldowns;

    public TargetBreakers(BreakerConfig config) {
        this.openFor = config.openFor();
        this.cooldowns = new RateLimitCooldowns(config.rateLimitCooldown(), config.maxRateLimitCooldown());
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
        // When each circuit opened, so a client turned away can be told when to come back.
        registry.getEventPublisher().onEntryAdded(added -> {
            String name = added.getAddedEntry().getName();
            added.getAddedEntry().getEventPublisher().onStateTransition(event -> {
                if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                    openedAt.put(name, System.nanoTime());
                }
            });
        });
    }

    /** Publishes every breaker's state and calls, tagged {@code name=<provider/model>}, including breakers created later. */
    public TargetBreakers bindTo(MeterRegistry meters) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return this;
    }

    public CircuitBreaker forTarget(String label) {
        return registry.circuitBreaker(label);
    }

    /** Time until the open circuit of {@code label} lets trial calls through (zero if that time has come). */
    public Duration untilHalfOpen(String label) {
        Long opened = openedAt.get(label);
        if (opened == null) {
            return openFor;
        }
        long left = opened + openFor.toNanos() - System.nanoTime();
        return Duration.ofNanos(Math.max(0, left));
    }

    /** The 429 cooldowns of the same targets. */
    public RateLimitCooldowns cooldowns() {
        return cooldowns;
    }
}
