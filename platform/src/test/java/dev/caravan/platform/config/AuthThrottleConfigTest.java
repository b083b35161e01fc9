package dev.caravan.platform.config;

import static dev.caravan.platform.config.ConfigFixtures.parse;
import static dev.caravan.platform.config.ConfigFixtures.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthThrottleConfigTest {

    @Test
    void should_throttle_with_the_documented_defaults_when_the_section_is_absent() {
        assertEquals(new AuthThrottleConfig(true, 50, 20, Duration.ofSeconds(60), Duration.ofSeconds(60), 100_000),
                parse("").authThrottle());
    }

    @Test
    void should_bind_every_setting_when_the_section_sets_them() {
        AuthThrottleConfig config = parse("auth_throttle: { enabled: false, source_failures: 7, prefix_failures: 9, "
                + "window_ms: 1000, cooldown_ms: 2500, max_tracked: 500 }").authThrottle();

        assertEquals(new AuthThrottleConfig(false, 7, 9, Duration.ofSeconds(1), Duration.ofMillis(2500), 500), config);
    }

    @Test
    void should_name_the_field_when_source_failures_is_zero() {
        assertEquals(List.of("auth_throttle.source_failures: must be an integer between 1 and 1000000, got '0'"),
                problems("auth_throttle: { source_failures: 0 }"));
    }

    @Test
    void should_name_the_field_when_cooldown_is_not_a_number() {
        assertEquals(List.of("auth_throttle.cooldown_ms: must be an integer between 1 and 86400000, got 'soon'"),
                problems("auth_throttle: { cooldown_ms: soon }"));
    }

    @Test
    void should_name_the_field_when_enabled_is_not_a_boolean() {
        assertEquals(List.of("auth_throttle.enabled: must be true or false, got 'maybe'"), problems("auth_throttle: { enabled: maybe }"));
    }

    @Test
    void should_suggest_the_key_when_a_setting_is_misspelt() {
        assertEquals(List.of("auth_throttle.cooldwn_ms: unknown key (did you mean 'cooldown_ms'?)"),
                problems("auth_throttle: { cooldwn_ms: 5 }"));
    }
}
