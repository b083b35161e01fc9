package dev.caravan.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TenantConfigTest {

    private static CaravanConfig load(String yaml) {
        return ConfigLoader.fromYaml(yaml, Map.of(), null);
    }

    private static List<String> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml)).problems();
    }

    @Test
    void should_default_to_metadata_only_when_nothing_is_configured() {
        CaravanConfig c = load("");
        assertEquals(LoggingMode.METADATA_ONLY, c.logging().defaultMode());
        assertEquals(0, c.logging().defaultRetentionDays());
        assertEquals(List.of(), c.tenants());
    }

    @Test
    void should_bind_a_tenant_and_pass_its_guardrails_through_when_configured() {
        CaravanConfig c = load("""
                tenants:
                  - id: acme
                    logging: redacted
                    retention_days: 30
                    redactors: [pii]
                    guardrails:
                      - { plugin: regex, on: [request], patterns: ["(?i)falcon"], action: deny }
                """);
        TenantConfig acme = c.tenant("acme").orElseThrow();
        assertEquals(new TenantConfig("acme", LoggingMode.REDACTED, 30, false, List.of("pii"), acme.guardrails()), acme);
        assertEquals("deny", acme.guardrails().get(0).get("action").asText());
    }

    @Test
    void should_name_the_path_when_a_logging_mode_is_unknown() {
        assertTrue(problems("tenants: [ { id: acme, logging: verbose } ]").contains(
                "tenants[0].logging: must be metadata_only, redacted or full, got 'verbose'"));
    }

    @Test
    void should_use_the_bundled_pii_redactor_when_redacted_names_none_and_pii_is_loaded() {
        CaravanConfig c = RedactorDefaults.apply(load("tenants: [ { id: acme, logging: redacted } ]"), Set.of("pii", "tickets"));
        assertEquals(List.of("pii"), c.tenant("acme").orElseThrow().redactors());
    }

    @Test
    void should_refuse_a_duplicate_tenant_and_a_negative_retention() {
        List<String> p = problems("tenants: [ { id: acme }, { id: acme, retention_days: -1 } ]");
        assertTrue(p.contains("tenants[1].id: duplicate tenant id 'acme' (also tenants[0].id)"), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("tenants[1].retention_days: must be an integer between 0 and 36500")), p.toString());
    }

    @Test
    void should_name_the_redactor_when_it_is_not_loaded() {
        CaravanConfig c = load("tenants: [ { id: acme, logging: redacted, redactors: [pii] } ]");
        List<String> p = assertThrows(ConfigException.class, () -> ConfigLoader.checkRedactors(c, Set.of())).problems();
        assertEquals(List.of("tenants[0].redactors[0]: no log redactor 'pii' is loaded (loaded: none)"), p);
    }
}
