package dev.caravan.platform.config;

import static dev.caravan.platform.config.ConfigFixtures.VALID;
import static dev.caravan.platform.config.ConfigFixtures.parse;
import static dev.caravan.platform.config.ConfigFixtures.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.guardrail.GuardPhase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code guardrails:} lists of every scope and the {@code guardrails_*} settings, as bound before plugins load. */
class GuardrailConfigTest {

    private static final String SCOPED = VALID.replace("{ alias: fast, targets: [ { provider: openai, model: gpt-4o-mini } ] }",
            "{ alias: fast, targets: [ { provider: openai, model: gpt-4o-mini } ], guardrails: [ { plugin: pii, on: [response] } ] }")
            .replace("{ name: dev, key: sk-caravan-dev-0123456789 }",
                    "{ name: dev, key: sk-caravan-dev-0123456789, guardrails: [ { plugin: secrets, on: [request] } ] }") + """
            tenants:
              - { id: acme, guardrails: [ { plugin: regex, on: [request, response], words: [falcon], action: warn } ] }
            guardrails:
              - { plugin: prompt_injection, on: [request], threshold: "${T}" }
            guardrails_on_error: deny
            guardrails_timeout_ms: 250
            guardrails_stream_check_chars: 64
            """;

    @Test
    void should_bind_each_scope_with_its_path_when_guardrails_are_set_everywhere() {
        GuardrailsConfig g = parse(SCOPED, Map.of("T", "0.4")).guardrails();

        assertEquals("guardrails[0]", g.global().get(0).path());
        assertEquals("tenants[0].guardrails[0]", g.byTenant().get("acme").get(0).path());
        assertEquals("keys[0].guardrails[0]", g.byKey().get("dev").get(0).path());
        assertEquals("models[0].guardrails[0]", g.byAlias().get("fast").get(0).path());
    }

    @Test
    void should_pass_every_other_key_interpolated_as_options_when_an_entry_is_bound() {
        GuardrailEntry tenant = parse(SCOPED, Map.of("T", "0.4")).guardrails().byTenant().get("acme").get(0);
        GuardrailEntry global = parse(SCOPED, Map.of("T", "0.4")).guardrails().global().get(0);

        assertEquals(Set.of(GuardPhase.REQUEST, GuardPhase.RESPONSE), tenant.on());
        assertEquals("{\"words\":[\"falcon\"],\"action\":\"warn\"}", tenant.options().toString());
        assertEquals("{\"threshold\":\"0.4\"}", global.options().toString());
    }

    @Test
    void should_read_the_run_settings_when_they_are_set() {
        GuardrailsConfig g = parse(SCOPED, Map.of("T", "0.4")).guardrails();

        assertTrue(g.failClosed());
        assertEquals(Duration.ofMillis(250), g.timeout());
        assertEquals(64, g.streamCheckChars());
    }

    @Test
    void should_fail_open_with_defaults_when_no_setting_is_given() {
        GuardrailsConfig g = parse(VALID).guardrails();

        assertEquals(false, g.failClosed());
        assertEquals(GuardrailsConfig.DEFAULT_TIMEOUT, g.timeout());
        assertEquals(List.of(), g.all());
    }

    @Test
    void should_name_the_entry_path_when_a_phase_is_misspelt() {
        assertEquals(List.of("keys[0].guardrails[0].on[1]: must be request or response, got 'reponse'"),
                problems(VALID.replace("{ name: dev, key: sk-caravan-dev-0123456789 }",
                        "{ name: dev, key: sk-caravan-dev-0123456789, guardrails: [ { plugin: pii, on: [request, reponse] } ] }")));
    }

    @Test
    void should_require_plugin_and_on_when_an_entry_lacks_them() {
        assertEquals(List.of("guardrails[0].plugin: required (or script: <name> for the guardrail script policies/guardrails/<name>.groovy)", "guardrails[0].on: required: a list of request, response"),
                problems(VALID + "guardrails: [ { action: deny } ]"));
    }

    @Test
    void should_reject_on_error_when_not_allow_or_deny() {
        assertEquals(List.of("guardrails_on_error: must be allow or deny, got 'block'"), problems(VALID + "guardrails_on_error: block"));
    }

    @Test
    void should_refuse_guardrails_on_a_saved_route() {
        List<String> problems = problems(VALID + """
                saved_routes:
                  - { id: canary, targets: [ { provider: openai, model: a } ], guardrails: [ { plugin: pii, on: [request] } ] }
                """);

        assertEquals(List.of("saved_routes[0].guardrails: not supported on saved routes; set guardrails on models[] aliases, keys[] or tenants[]"),
                problems);
    }
}
