package dev.caravan.platform.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.config.BreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class TargetBreakersTest {

    private static final Duration OPEN_FOR = Duration.ofMillis(50);

    /** Opens at 50 % failures over the last 4 calls (all 4 needed), cools down 50 ms, then 2 trial calls. */
    private final TargetBreakers breakers = new TargetBreakers(new BreakerConfig(50, 4, 4, OPEN_FOR, 2));

    private static final RuntimeException UPSTREAM_503 = new RuntimeException("upstream status 503");

    private static void fail(CircuitBreaker breaker, int calls) {
        for (int i = 0; i < calls; i++) {
            assertTrue(breaker.tryAcquirePermission());
            breaker.onError(1, TimeUnit.MILLISECONDS, UPSTREAM_503);
        }
    }

    private static void succeed(CircuitBreaker breaker, int calls) {
        for (int i = 0; i < calls; i++) {
            assertTrue(breaker.tryAcquirePermission());
            breaker.onSuccess(1, TimeUnit.MILLISECONDS);
        }
    }

    private static CircuitBreaker opened(CircuitBreaker breaker) {
        fail(breaker, 4);
        assertEquals(State.OPEN, breaker.getState());
        return breaker;
    }

    /** Asks for permission until the cool-down has passed; fails after a deadline far beyond it. */
    private static void awaitPermission(CircuitBreaker breaker) {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (!breaker.tryAcquirePermission()) {
            assertTrue(System.nanoTime() < deadline, "still " + breaker.getState() + " 2 s after a cool-down of " + OPEN_FOR);
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    @Test
    void should_share_one_breaker_when_label_is_the_same() {
        assertSame(breakers.forTarget("openai/gpt-4o"), breakers.forTarget("openai/gpt-4o"));
    }

    @Test
    void should_keep_other_targets_closed_when_one_target_opens() {
        opened(breakers.forTarget("openai/gpt-4o"));

        assertEquals(State.CLOSED, breakers.forTarget("openai/gpt-4o-mini").getState());
    }

    @Test
    void should_stay_closed_when_fewer_than_minimum_calls_failed() {
        CircuitBreaker breaker = breakers.forTarget("openai/gpt-4o");

        fail(breaker, 3);

        assertEquals(State.CLOSED, breaker.getState());
    }

    @Test
    void should_stay_closed_when_failure_rate_is_below_threshold() {
        CircuitBreaker breaker = breakers.forTarget("openai/gpt-4o");

        succeed(breaker, 3);
        fail(breaker, 1);

        assertEquals(State.CLOSED, breaker.getState());
    }

    @Test
    void should_open_when_failure_rate_over_window_reaches_threshold() {
        CircuitBreaker breaker = breakers.forTarget("openai/gpt-4o");

        succeed(breaker, 2);
        fail(breaker, 2);

        assertEquals(State.OPEN, breaker.getState());
    }

    @Test
    void should_count_only_last_window_when_old_failures_slide_out() {
        CircuitBreaker breaker = breakers.forTarget("openai/gpt-4o");

        fail(breaker, 1);
        succeed(breaker, 3);
        fail(breaker, 1);

        // window is now [success, success, success, failure]: 25 %
        assertEquals(State.CLOSED, breaker.getState());
    }

    @Test
    void should_stay_closed_when_successful_calls_are_slow() {
        CircuitBreaker breaker = breakers.forTarget("openai/o1");

        // a long completion is not a failure, however long it takes
        for (int i = 0; i < 4; i++) {
            assertTrue(breaker.tryAcquirePermission());
            breaker.onSuccess(5, TimeUnit.MINUTES);
        }

        assertEquals(State.CLOSED, breaker.getState());
    }

    @Test
    void should_refuse_permission_when_open() {
        CircuitBreaker breaker = opened(breakers.forTarget("openai/gpt-4o"));

        assertFalse(breaker.tryAcquirePermission());
    }

    @Test
    void should_half_open_when_cool_down_has_passed() {
        CircuitBreaker breaker = opened(breakers.forTarget("openai/gpt-4o"));

        awaitPermission(breaker);

        assertEquals(State.HALF_OPEN, breaker.getState());
    }

    @Test
    void should_let_only_trial_calls_through_when_half_open() {
        CircuitBreaker breaker = opened(breakers.forTarget("openai/gpt-4o"));
        awaitPermission(breaker);

        assertTrue(breaker.tryAcquirePermission());
        assertFalse(breaker.tryAcquirePermission());
    }

    @Test
    void should_close_when_trial_calls_succeed() {
        CircuitBreaker breaker = opened(breakers.forTarget("openai/gpt-4o"));
        awaitPermission(breaker);
        breaker.onSuccess(1, TimeUnit.MILLISECONDS);

        succeed(breaker, 1);

        assertEquals(State.CLOSED, breaker.getState());
    }

    @Test
    void should_open_again_when_trial_calls_fail() {
        CircuitBreaker breaker = opened(breakers.forTarget("openai/gpt-4o"));
        awaitPermission(breaker);
        breaker.onError(1, TimeUnit.MILLISECONDS, UPSTREAM_503);

        fail(breaker, 1);

        assertEquals(State.OPEN, breaker.getState());
    }
}
