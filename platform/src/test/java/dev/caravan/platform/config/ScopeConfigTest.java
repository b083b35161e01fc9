package dev.caravan.platform.config;

import static dev.caravan.platform.config.ConfigFixtures.VALID;
import static dev.caravan.platform.config.ConfigFixtures.parse;
import static dev.caravan.platform.config.ConfigFixtures.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one {@code scope:} form of every control, its errors, and the warnings of the older forms (docs/configuration.md#scopes). */
class ScopeConfigTest {

    private static final Scope.RequestScope RED = new Scope.RequestScope("acme", "dev", "fast", Map.of("team", "red"));

    @Test
    void should_match_each_kind_against_the_request_it_names() {
        assertTrue(Scope.GLOBAL.matches(RED));
        assertTrue(Scope.tenant("acme").matches(RED));
        assertFalse(Scope.tenant("beta").matches(RED));
        assertTrue(Scope.key("dev").matches(RED));
        assertTrue(Scope.alias("fast").matches(RED));
        assertTrue(Scope.metadata("team", "red").matches(RED));
        assertFalse(Scope.metadata("team", "blue").matches(RED));
        assertFalse(Scope.metadata("project", "red").matches(RED));
    }

    @Test
    void should_label_and_write_each_scope_as_the_config_does() {
        assertEquals("global", Scope.GLOBAL.label());
        assertEquals("metadata.team:red", Scope.metadata("team", "red").label());
        assertEquals("{ metadata.team: red }", Scope.metadata("team", "red").yaml());
        assertEquals("{ key: \"*\" }", Scope.key("*").yaml());
        assertEquals("{ tenant: \"1.10\" }", Scope.tenant("1.10").yaml());
    }

    @Test
    void should_bind_the_same_form_in_every_control() {
        CaravanConfig config = parse(VALID + """
                rate_limits:
                  - { scope: global, rpm: 100 }
                  - { scope: { metadata.team: "*" }, rpm: 10 }
                guardrails:
                  - { scope: { metadata.team: red }, plugin: regex, on: [request], words: [x] }
                  - { plugin: regex, on: [request], words: [y] }
                logging:
                  rules:
                    - { scope: { alias: fast }, mode: full }
                policies:
                  scopes:
                    - { script: cap-max-tokens, scope: { key: dev } }
                budgets:
                  - { name: all, scope: global, limit_tokens: 10 }
                """);

        assertEquals(List.of("global", "metadata.team:*"), config.rateLimits().stream().map(r -> r.scope().label()).toList());
        assertEquals(List.of("metadata.team:red", "global"), config.guardrails().entries().stream().map(e -> e.scope().label()).toList());
        assertEquals(Scope.alias("fast"), config.logging().rules().get(0).scope());
        assertEquals(Scope.key("dev"), config.policies().scopes().get(0).scope());
        assertEquals("global", config.budgets().get(0).scopeType());
        assertEquals(List.of(), config.warnings());
    }

    @Test
    void should_name_the_path_when_a_scope_is_wrong() {
        assertEquals(List.of("guardrails[0].scope: must be one of { tenant: <id> }, { key: <name> }, { alias: <alias> }, "
                        + "{ metadata.<field>: <value> }, or global, got 'everywhere'"),
                problems(VALID + "guardrails: [ { scope: everywhere, plugin: regex, on: [request] } ]"));
        assertEquals(List.of("logging.rules[0].scope.alias: unknown alias 'slow'"),
                problems(VALID + "logging: { rules: [ { scope: { alias: slow }, mode: full } ] }"));
        assertEquals(List.of("guardrails[0].scope.key: \"*\" is not a scope here; name one key (or use scope: global)"),
                problems(VALID + "guardrails: [ { scope: { key: \"*\" }, plugin: regex, on: [request] } ]"));
        assertEquals(List.of("policies.scopes[0].scope.metadata.: the metadata field must be 1-64 letters, digits, '_', '.' or '-'"),
                problems(VALID + "policies: { scopes: [ { script: x, scope: { metadata.: v } } ] }"));
    }

    @Test
    void should_refuse_two_logging_rules_for_one_scope_and_a_global_rule_beside_default_mode() {
        assertEquals(List.of("logging.rules[1].scope: duplicate scope key:dev (also logging.rules[0].scope)",
                        "logging.rules[2].scope: global is what logging.default_mode and default_redactors set; use one or the other"),
                problems(VALID + """
                        logging:
                          default_mode: redacted
                          rules:
                            - { scope: { key: dev }, mode: full }
                            - { scope: { key: dev }, mode: redacted }
                            - { scope: global, mode: full }
                        """));
    }

    @Test
    void should_refuse_a_tenants_logging_beside_a_rule_for_that_tenant() {
        assertEquals(List.of("tenants[0].logging: tenant 'acme' also has the rule logging.rules[0]; keep one of them"),
                problems(VALID + """
                        logging: { rules: [ { scope: { tenant: acme }, mode: full } ] }
                        tenants: [ { id: acme, logging: redacted } ]
                        """));
    }

    @Test
    void should_refuse_a_scope_inside_a_nested_guardrail_list() {
        assertEquals(List.of("tenants[0].guardrails[0].scope: not allowed in a nested list (its tenant is the scope); "
                        + "write the entry in the top-level guardrails list instead"),
                problems(VALID + "tenants: [ { id: acme, guardrails: [ { scope: { key: dev }, plugin: regex, on: [request] } ] } ]"));
    }

    @Test
    void should_warn_once_per_nested_guardrail_list_with_the_entries_that_replace_it() {
        CaravanConfig config = parse(VALID.replace("{ name: dev, key: sk-caravan-dev-0123456789 }",
                "{ name: dev, key: sk-caravan-dev-0123456789, guardrails: [ { plugin: secrets, on: [request] } ] }") + """
                tenants:
                  - id: acme
                    guardrails:
                      - { plugin: regex, on: [request, response], patterns: ["(?i)project falcon"], action: deny }
                      - { plugin: webhook, on: [request], token: "${HOOK_TOKEN}", threshold: 0.5 }
                """, Map.of("HOOK_TOKEN", "very-secret-value"));

        assertEquals(List.of(
                "keys[0].guardrails: nested guardrails are deprecated; move them to the top-level list as: guardrails: [ "
                        + "{ scope: { key: dev }, plugin: secrets, on: [request] } ]",
                "tenants[0].guardrails: nested guardrails are deprecated; move them to the top-level list as: guardrails: [ "
                        + "{ scope: { tenant: acme }, plugin: regex, on: [request, response], patterns: [\"(?i)project falcon\"], action: deny }, "
                        + "{ scope: { tenant: acme }, plugin: webhook, on: [request], token: \"${HOOK_TOKEN}\", threshold: 0.5 } ]"),
                config.warnings().stream().sorted().toList());
        assertEquals(Scope.tenant("acme"), config.guardrails().byTenant().get("acme").get(0).scope());
    }

    @Test
    void should_warn_with_the_logging_rule_that_replaces_a_tenants_logging() {
        CaravanConfig config = parse(VALID + """
                tenants:
                  - { id: acme, logging: redacted, redactors: [pii, custom], retention_days: 30 }
                  - { id: lab, retention_days: 7 }
                """);

        assertEquals(List.of("tenants[0].logging: per-tenant logging is deprecated; write it as: logging: { rules: [ "
                + "{ scope: { tenant: acme }, mode: redacted, redactors: [pii, custom] } ] }"), config.warnings());
    }

    /** The first {@code yaml} block after {@code heading} in docs/configuration.md. */
    private static String docsBlock(String heading) throws java.io.IOException {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/configuration.md"));
        int start = doc.indexOf("```yaml\n", doc.indexOf(heading)) + "```yaml\n".length();
        return doc.substring(start, doc.indexOf("```", start));
    }

    @Test
    void should_bind_the_documented_scopes_example_without_a_warning() throws Exception {
        CaravanConfig config = parse(VALID + """
                  - { name: support-bot, key: sk-caravan-support-0123456789 }
                  - { name: debug-bot, key: sk-caravan-debug-0123456789 }
                """ + docsBlock("## Scopes"));

        assertEquals(List.of("global", "key:support-bot", "metadata.team:red"),
                config.guardrails().entries().stream().map(e -> e.scope().label()).toList());
        assertEquals(3, config.rateLimits().size());
        assertEquals("metadata", config.budgets().get(0).scopeType());
        assertEquals(Scope.tenant("acme"), config.policies().scopes().get(0).scope());
        assertEquals(2, config.logging().rules().size());
        assertEquals(List.of(), config.warnings());
    }

    @Test
    void should_print_the_documented_warnings_word_for_word() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/configuration.md"));
        CaravanConfig config = parse(VALID + """
                tenants:
                  - { id: acme, logging: redacted, redactors: [pii], guardrails: [ { plugin: pii, on: [request], action: redact } ] }
                """);

        assertEquals(2, config.warnings().size());
        for (String warning : config.warnings()) {
            assertTrue(doc.contains("config: " + warning + "\n"), "docs/configuration.md does not show: " + warning);
        }
    }

    @Test
    void should_read_a_replacement_the_same_as_the_form_it_replaces() {
        String nested = VALID + "tenants: [ { id: acme, guardrails: [ { plugin: regex, on: [request], words: [x] } ] } ]";
        String replacement = VALID + "guardrails: [ { scope: { tenant: acme }, plugin: regex, on: [request], words: [x] } ]";

        GuardrailEntry before = parse(nested).guardrails().entries().get(0);
        GuardrailEntry after = parse(replacement).guardrails().entries().get(0);

        assertEquals(before.scope(), after.scope());
        assertEquals(before.options(), after.options());
        assertEquals(before.on(), after.on());
    }
}
