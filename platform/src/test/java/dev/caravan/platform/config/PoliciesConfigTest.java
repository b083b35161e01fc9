package dev.caravan.platform.config;

import static dev.caravan.platform.config.ConfigFixtures.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code policies:} section: defaults, bound values, and each bad value named by its path. */
class PoliciesConfigTest {

    @Test
    void should_default_to_home_policies_50ms_and_deny_when_section_is_absent() {
        PoliciesConfig p = ConfigLoader.defaults(Path.of("/opt/caravan")).policies();
        assertEquals(Path.of("/opt/caravan/policies"), p.dir());
        assertEquals(Duration.ofMillis(50), p.timeout());
        assertEquals(PoliciesConfig.OnError.DENY, p.onError());
        assertEquals(Duration.ofMillis(500), p.reloadInterval());
    }

    @Test
    void should_bind_every_key_when_all_are_set() {
        PoliciesConfig p = ConfigLoader.fromYaml("""
                policies:
                  dir: /srv/policies
                  timeout_ms: 20
                  on_error: allow
                  threads: 8
                  reload_interval_ms: 250
                  sandbox: { allow_classes: [ java.util.UUID ], allow_methods: [ sleep ] }
                """, Map.of(), Path.of("/opt/caravan")).policies();
        assertEquals(new PoliciesConfig(Path.of("/srv/policies"), Duration.ofMillis(20), PoliciesConfig.OnError.ALLOW, 8,
                Duration.ofMillis(250), List.of("java.util.UUID"), List.of("sleep")), p);
    }

    @Test
    void should_name_on_error_when_it_is_neither_deny_nor_allow() {
        assertEquals(List.of("policies.on_error: must be 'deny' or 'allow', got 'ignore'"), problems("policies: { on_error: ignore }"));
    }

    @Test
    void should_name_timeout_when_it_is_zero() {
        assertEquals(List.of("policies.timeout_ms: must be an integer between 1 and 60000, got '0'"), problems("policies: { timeout_ms: 0 }"));
    }

    @Test
    void should_name_the_entry_when_an_allowed_class_is_not_a_class_name() {
        assertEquals(List.of("policies.sandbox.allow_classes[0]: must be a fully qualified class name, got 'java.io.*'"),
                problems("policies: { sandbox: { allow_classes: [ 'java.io.*' ] } }"));
    }

    @Test
    void should_reject_unknown_key_in_policies() {
        assertEquals(1, problems("policies: { timeout: 50 }").size());
    }
}
