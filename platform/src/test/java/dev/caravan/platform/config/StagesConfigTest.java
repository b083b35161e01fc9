package dev.caravan.platform.config;

import static dev.caravan.platform.config.ConfigFixtures.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code stages:} section: defaults, per-stage overrides, and each bad value named by its path. */
class StagesConfigTest {

    @Test
    void should_default_to_100ms_fail_and_4_threads_when_the_section_is_absent() {
        StagesConfig s = ConfigLoader.defaults(Path.of("/opt/caravan")).stages();
        assertEquals(new StagesConfig(Duration.ofMillis(100), StagesConfig.OnError.FAIL, 4, List.of()), s);
        assertEquals(new StagesConfig.Settings(Duration.ofMillis(100), StagesConfig.OnError.FAIL), s.settings("script:tenantRouter"));
    }

    @Test
    void should_apply_an_override_to_its_ref_only_when_one_is_listed() {
        StagesConfig s = ConfigLoader.fromYaml("""
                stages:
                  timeout_ms: 200
                  on_error: continue
                  threads: 2
                  overrides:
                    - { ref: "script:tenantRouter", on_error: fail }
                    - { ref: teamGate, timeout_ms: 50 }
                """, Map.of(), Path.of("/opt/caravan")).stages();
        assertEquals(new StagesConfig.Settings(Duration.ofMillis(200), StagesConfig.OnError.FAIL), s.settings("script:tenantRouter"));
        assertEquals(new StagesConfig.Settings(Duration.ofMillis(50), StagesConfig.OnError.CONTINUE), s.settings("teamGate"));
        assertEquals(new StagesConfig.Settings(Duration.ofMillis(200), StagesConfig.OnError.CONTINUE), s.settings("other"));
        assertEquals(2, s.threads());
    }

    @Test
    void should_name_on_error_when_it_is_neither_fail_nor_continue() {
        assertEquals(List.of("stages.overrides[0].on_error: must be 'fail' or 'continue', got 'deny'"),
                problems("stages: { overrides: [ { ref: x, on_error: deny } ] }"));
    }

    @Test
    void should_name_the_entry_when_a_ref_is_listed_twice_or_missing() {
        assertEquals(List.of("stages.overrides[1].ref: stage 'x' is listed twice"),
                problems("stages: { overrides: [ { ref: x }, { ref: x } ] }"));
        assertEquals(1, problems("stages: { overrides: [ { on_error: fail } ] }").size());
    }

    @Test
    void should_name_timeout_when_it_is_zero_and_refuse_unknown_keys() {
        assertEquals(List.of("stages.timeout_ms: must be an integer between 1 and 60000, got '0'"), problems("stages: { timeout_ms: 0 }"));
        assertEquals(1, problems("stages: { timeout: 50 }").size());
    }
}
