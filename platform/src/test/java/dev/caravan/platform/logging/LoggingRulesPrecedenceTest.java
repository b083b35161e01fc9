package dev.caravan.platform.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.config.ConfigLoader;
import dev.caravan.platform.config.LoggingMode;
import dev.caravan.platform.config.RedactorDefaults;
import dev.caravan.platform.config.Scope;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which {@code logging.rules} entry decides a request's mode: the most specific that matches (docs/logging-and-privacy.md). */
class LoggingRulesPrecedenceTest {

    private static final String BASE = """
            providers: [ { id: openai, plugin: openai, base_url: "https://api.openai.com/v1" } ]
            models:
              - { alias: fast, targets: [ { provider: openai, model: gpt-4o-mini } ] }
              - { alias: slow, targets: [ { provider: openai, model: gpt-4o } ] }
            """;

    private static final LoggingPolicy POLICY = new LoggingPolicy(ConfigLoader.fromYaml(BASE + """
            logging:
              rules:
                - { scope: global, mode: redacted, redactors: [pii] }
                - { scope: { tenant: acme }, mode: metadata_only }
                - { scope: { metadata.debug: verbose }, mode: full }
                - { scope: { alias: slow }, mode: redacted, redactors: [pii] }
                - { scope: { key: bot }, mode: full }
            tenants:
              - { id: listed, retention_days: 7, do_not_track: true }
            """, Map.of(), Path.of("/opt/caravan")));

    private static LoggingMode mode(String tenant, String key, String alias, Map<String, String> metadata) {
        return POLICY.rulesFor(new Scope.RequestScope(tenant, key, alias, metadata)).mode();
    }

    @Test
    void should_let_the_key_rule_win_over_every_other_match() {
        assertEquals(LoggingMode.FULL, mode("acme", "bot", "slow", Map.of("debug", "verbose")));
    }

    @Test
    void should_order_alias_before_metadata_before_tenant_before_global() {
        assertEquals(LoggingMode.REDACTED, mode("acme", "dev", "slow", Map.of("debug", "verbose")));
        assertEquals(LoggingMode.FULL, mode("acme", "dev", "fast", Map.of("debug", "verbose")));
        assertEquals(LoggingMode.METADATA_ONLY, mode("acme", "dev", "fast", Map.of()));
        assertEquals(LoggingMode.REDACTED, mode("beta", "dev", "fast", Map.of()));
    }

    @Test
    void should_keep_the_tenants_do_not_track_and_retention_under_a_narrower_rule() {
        LoggingPolicy.TenantRules rules = POLICY.rulesFor(new Scope.RequestScope("listed", "bot", "fast", Map.of()));

        assertEquals(LoggingMode.FULL, rules.mode());
        assertTrue(rules.doNotTrack());
        assertEquals(7, rules.retentionDays());
    }

    @Test
    void should_give_a_redacted_rule_without_redactors_the_bundled_pii_or_stop_naming_it() {
        CaravanConfig config = ConfigLoader.fromYaml(BASE + "logging: { rules: [ { scope: { key: bot }, mode: redacted } ] }",
                Map.of(), Path.of("/opt/caravan"));

        assertEquals(List.of("pii"), RedactorDefaults.apply(config, Set.of("pii")).logging().rules().get(0).redactors());
        ConfigException e = assertThrows(ConfigException.class, () -> RedactorDefaults.apply(config, Set.of()));
        assertTrue(e.problems().get(0).startsWith("logging.rules[0].redactors: logging.rules[0].mode is 'redacted' and no redactor is named"),
                e.problems().toString());
    }

    @Test
    void should_stop_when_a_rule_names_a_redactor_that_is_not_loaded() {
        CaravanConfig config = ConfigLoader.fromYaml(BASE + "logging: { rules: [ { scope: { key: bot }, mode: redacted, redactors: [pii, maskr] } ] }",
                Map.of(), Path.of("/opt/caravan"));

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.checkRedactors(config, Set.of("pii")));
        assertEquals(List.of("logging.rules[0].redactors[1]: no log redactor 'maskr' is loaded (loaded: pii)"), e.problems());
    }
}
