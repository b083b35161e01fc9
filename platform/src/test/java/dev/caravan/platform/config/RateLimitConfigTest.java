package dev.caravan.platform.config;

import static dev.caravan.platform.config.ConfigFixtures.VALID;
import static dev.caravan.platform.config.ConfigFixtures.parse;
import static dev.caravan.platform.config.ConfigFixtures.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitConfigTest {

    @Test
    void should_bind_rules_with_their_scope_and_defaults() {
        List<RateLimitRule> rules = parse(VALID + """
                rate_limits:
                  - { scope: { tenant: acme }, rpm: 600, tpm: 200000 }
                  - { scope: { key: "*" }, rpm: 60 }
                  - { scope: { alias: fast }, tpm: "${FAST_TPM}", default_max_tokens: 256 }
                """, Map.of("FAST_TPM", "30000")).rateLimits();

        assertEquals(List.of(
                new RateLimitRule(new Scope(Scope.Kind.TENANT, null, "acme"), 600, 200_000, 1024),
                new RateLimitRule(new Scope(Scope.Kind.KEY, null, "*"), 60, 0, 1024),
                new RateLimitRule(new Scope(Scope.Kind.ALIAS, null, "fast"), 0, 30_000, 256)), rules);
    }

    @Test
    void should_name_the_field_when_a_rate_is_not_a_whole_number_in_range() {
        assertEquals(List.of(
                "rate_limits[0].rpm: must be a whole number from 1 to 1000000000, got '0'",
                "rate_limits[0].tpm: must be a whole number from 1 to 1000000000, got '1.5'",
                "rate_limits[1].rpm: must be a whole number from 1 to 1000000000, got 'lots'"), problems(VALID + """
                rate_limits:
                  - { scope: { tenant: acme }, rpm: 0, tpm: 1.5 }
                  - { scope: { tenant: beta }, rpm: lots }
                """));
    }

    @Test
    void should_require_a_rate_when_neither_rpm_nor_tpm_is_set() {
        assertEquals(List.of("rate_limits[0].rpm: set rpm, tpm, concurrent or several of them"), problems(VALID + """
                rate_limits: [ { scope: { tenant: acme } } ]
                """));
    }

    @Test
    void should_bind_shared_and_concurrency_limits() {
        List<RateLimitRule> rules = parse(VALID + """
                rate_limits:
                  - { scope: { tenant: acme }, rpm: 600, shared: true, on_store_error: deny }
                  - { scope: { key: "*" }, concurrent: 4 }
                """, Map.of()).rateLimits();

        assertEquals(List.of(
                new RateLimitRule(new Scope(Scope.Kind.TENANT, null, "acme"), 600, 0, 1024, true, 0, RateLimitRule.StoreErrorMode.DENY),
                new RateLimitRule(new Scope(Scope.Kind.KEY, null, "*"), 0, 0, 1024, false, 4, RateLimitRule.StoreErrorMode.LOCAL)), rules);
    }

    private static String docsBlock(String heading) throws java.io.IOException {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/rate-limits.md"));
        int start = doc.indexOf("```yaml\n", doc.indexOf(heading)) + "```yaml\n".length();
        return doc.substring(start, doc.indexOf("```", start));
    }

    @Test
    void should_bind_the_documented_shared_and_concurrency_examples() throws Exception {
        List<RateLimitRule> shared = parse(VALID + docsBlock("## Across nodes: `shared: true`"), Map.of()).rateLimits();
        List<RateLimitRule> concurrent = parse(VALID + docsBlock("## Concurrency limits"), Map.of()).rateLimits();

        assertEquals(List.of(true, true), shared.stream().map(RateLimitRule::shared).toList());
        assertEquals(RateLimitRule.StoreErrorMode.DENY, shared.get(1).onStoreError());
        assertEquals(List.of(4L, 20L), concurrent.stream().map(RateLimitRule::concurrent).toList());
    }

    @Test
    void should_name_the_field_when_a_shared_or_concurrency_setting_is_wrong() {
        assertEquals(List.of(
                "rate_limits[0].concurrent: must be a whole number from 1 to 1000000, got '0'",
                "rate_limits[0].shared: must be true or false, got 'yes please'",
                "rate_limits[1].shared: shares rpm and tpm across nodes: set rpm, tpm or both (concurrent counts per node)",
                "rate_limits[2].on_store_error: applies only to a limit with shared: true",
                "rate_limits[3].on_store_error: must be local or deny, got 'retry'"), problems(VALID + """
                rate_limits:
                  - { scope: { tenant: acme }, rpm: 5, concurrent: 0, shared: "yes please" }
                  - { scope: { tenant: beta }, concurrent: 2, shared: true }
                  - { scope: { alias: fast }, rpm: 5, on_store_error: deny }
                  - { scope: global, rpm: 5, shared: true, on_store_error: retry }
                """));
    }

    @Test
    void should_report_unknown_scope_keys_with_a_suggestion() {
        assertEquals(List.of("rate_limits[0].scope.tennant: unknown key (did you mean 'tenant'?)",
                "rate_limits[0].scope: must name exactly one of key, tenant, alias, metadata.<field>"), problems(VALID + """
                rate_limits: [ { scope: { tennant: acme }, rpm: 5 } ]
                """));
    }

    @Test
    void should_refuse_a_scope_naming_two_things() {
        assertEquals(List.of("rate_limits[0].scope: must name exactly one of key, tenant, alias, metadata.<field>, got key, tenant"), problems(VALID + """
                rate_limits: [ { scope: { key: dev, tenant: acme }, rpm: 5 } ]
                """));
    }

    @Test
    void should_require_a_scope() {
        assertEquals(List.of("rate_limits[0].scope: required: one of { key: <name> }, { tenant: <id> }, { alias: <alias> }, { metadata.<field>: <value> }, or global"),
                problems(VALID + """
                rate_limits: [ { rpm: 5 } ]
                """));
    }

    @Test
    void should_report_duplicate_scopes_with_the_first_path() {
        assertEquals(List.of("rate_limits[1].scope: duplicate scope tenant:acme (also rate_limits[0].scope)"), problems(VALID + """
                rate_limits:
                  - { scope: { tenant: acme }, rpm: 5 }
                  - { scope: { tenant: acme }, tpm: 500 }
                """));
    }

    @Test
    void should_refuse_an_alias_that_is_not_configured() {
        assertEquals(List.of("rate_limits[0].scope.alias: unknown alias 'slow' (or \"*\" for every alias)"), problems(VALID + """
                rate_limits: [ { scope: { alias: slow }, rpm: 5 } ]
                """));
    }

    @Test
    void should_report_unknown_keys_of_a_rule() {
        assertEquals(List.of("rate_limits[0].rpd: unknown key (did you mean 'rpm'?)"), problems(VALID + """
                rate_limits: [ { scope: { tenant: acme }, rpm: 5, rpd: 100 } ]
                """));
    }
}
