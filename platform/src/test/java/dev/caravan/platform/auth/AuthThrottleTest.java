package dev.caravan.platform.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.config.AuthThrottleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final List<AuthBurst> bursts = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private AuthThrottle throttle(int sourceFailures, int prefixFailures, boolean enabled) {
        return new AuthThrottle(AuthThrottle.Kind.VIRTUAL_KEY, new AuthThrottleConfig(enabled, sourceFailures, prefixFailures,
                Duration.ofSeconds(60), Duration.ofSeconds(30), 1_000), registry, clock::get, bursts::add);
    }

    private static void fail(AuthThrottle throttle, String source, String prefix, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(source, prefix);
        }
    }

    @Test
    void should_let_a_source_try_when_it_failed_fewer_times_than_allowed() {
        AuthThrottle throttle = throttle(3, 100, true);
        fail(throttle, "10.0.0.1", null, 2);

        assertEquals(0, throttle.retryAfterSeconds("10.0.0.1", "sk-cvn-Abcde"));
    }

    @Test
    void should_refuse_a_source_for_the_cooldown_when_it_failed_as_often_as_allowed() {
        AuthThrottle throttle = throttle(3, 100, true);
        fail(throttle, "10.0.0.1", null, 3);

        assertEquals(30, throttle.retryAfterSeconds("10.0.0.1", "sk-cvn-Abcde"));
    }

    @Test
    void should_round_the_wait_up_to_whole_seconds_when_the_cooldown_is_running() {
        AuthThrottle throttle = throttle(1, 100, true);
        throttle.failed("10.0.0.1", null);
        clock.addAndGet(29 * SECOND + 1);

        assertEquals(1, throttle.retryAfterSeconds("10.0.0.1", null));
    }

    @Test
    void should_not_refuse_another_source_when_one_source_is_throttled() {
        AuthThrottle throttle = throttle(2, 100, true);
        fail(throttle, "10.0.0.1", null, 2);

        assertEquals(0, throttle.retryAfterSeconds("10.0.0.2", null));
    }

    @Test
    void should_refuse_a_prefix_from_any_source_when_it_failed_as_often_as_allowed() {
        AuthThrottle throttle = throttle(100, 3, true);
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0." + i, "sk-cvn-Abcde");
        }

        assertEquals(30, throttle.retryAfterSeconds("10.0.9.9", "sk-cvn-Abcde"));
        assertEquals(0, throttle.retryAfterSeconds("10.0.9.9", "sk-cvn-Other"));
    }

    @Test
    void should_let_the_source_try_again_when_the_cooldown_is_over() {
        AuthThrottle throttle = throttle(2, 100, true);
        fail(throttle, "10.0.0.1", null, 2);
        clock.addAndGet(30 * SECOND);

        assertEquals(0, throttle.retryAfterSeconds("10.0.0.1", null));
    }

    @Test
    void should_start_counting_afresh_when_the_window_has_passed() {
        AuthThrottle throttle = throttle(3, 100, true);
        fail(throttle, "10.0.0.1", null, 2);
        clock.addAndGet(60 * SECOND);
        fail(throttle, "10.0.0.1", null, 2);

        assertEquals(0, throttle.retryAfterSeconds("10.0.0.1", null));
    }

    @Test
    void should_report_one_burst_when_failures_go_on_during_the_cooldown() {
        AuthThrottle throttle = throttle(2, 100, true);
        fail(throttle, "10.0.0.1", "sk-cvn-Abcde", 10);

        assertEquals(1, bursts.size(), bursts.toString());
        AuthBurst burst = bursts.get(0);
        assertEquals("source:10.0.0.1", burst.target());
        assertEquals("sk-cvn-Abcde", burst.keyPrefix());
        assertEquals(2, burst.failures());
    }

    @Test
    void should_report_a_second_burst_when_the_source_fails_again_after_its_cooldown() {
        AuthThrottle throttle = throttle(2, 100, true);
        fail(throttle, "10.0.0.1", null, 2);
        clock.addAndGet(31 * SECOND);
        fail(throttle, "10.0.0.1", null, 2);

        assertEquals(2, bursts.size(), bursts.toString());
    }

    @Test
    void should_not_extend_the_cooldown_when_failures_arrive_during_it() {
        AuthThrottle throttle = throttle(2, 100, true);
        fail(throttle, "10.0.0.1", null, 2);
        clock.addAndGet(20 * SECOND);
        fail(throttle, "10.0.0.1", null, 5);
        clock.addAndGet(10 * SECOND);

        assertEquals(0, throttle.retryAfterSeconds("10.0.0.1", null));
    }

    @Test
    void should_forget_a_source_when_its_window_and_cooldown_are_over() {
        AuthThrottle throttle = throttle(2, 100, true);
        fail(throttle, "10.0.0.1", null, 2);
        clock.addAndGet(90 * SECOND);

        assertEquals(0, throttle.trackedSources());
    }

    @Test
    void should_count_failures_but_never_refuse_when_disabled() {
        AuthThrottle throttle = throttle(1, 1, false);
        fail(throttle, "10.0.0.1", "sk-cvn-Abcde", 5);

        assertEquals(0, throttle.retryAfterSeconds("10.0.0.1", "sk-cvn-Abcde"));
        assertEquals(5, registry.get("caravan.auth.failures").tag("kind", "virtual_key").counter().count());
        assertTrue(bursts.isEmpty());
    }

    @Test
    void should_count_each_refusal_when_a_throttled_source_asks() {
        AuthThrottle throttle = throttle(1, 100, true);
        throttle.failed("10.0.0.1", null);
        throttle.retryAfterSeconds("10.0.0.1", null);
        throttle.retryAfterSeconds("10.0.0.1", null);
        throttle.retryAfterSeconds("10.0.0.2", null);

        assertEquals(2, registry.get("caravan.auth.throttled").tag("kind", "virtual_key").counter().count());
    }

    @Test
    void should_keep_at_most_max_tracked_sources_when_many_sources_fail() {
        AuthThrottle throttle = throttle(1_000, 1_000, true);
        for (int i = 0; i < 5_000; i++) {
            throttle.failed("10.1." + (i / 256) + "." + (i % 256), null);
        }

        assertTrue(throttle.trackedSources() <= 1_000, "tracked: " + throttle.trackedSources());
    }

    @Test
    void should_take_twelve_characters_as_prefix_when_the_key_is_a_generated_one() {
        assertEquals("sk-cvn-AbCdE", AuthThrottle.prefixOf("sk-cvn-AbCdE" + "x".repeat(35)));
    }

    @Test
    void should_take_at_most_half_the_value_as_prefix_when_the_key_is_short() {
        assertEquals("abcd", AuthThrottle.prefixOf("abcdefgh"));
        assertEquals("", AuthThrottle.prefixOf("a"));
    }
}
