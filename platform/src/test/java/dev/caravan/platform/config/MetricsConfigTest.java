package dev.caravan.platform.config;

import static dev.caravan.platform.config.ConfigFixtures.parse;
import static dev.caravan.platform.config.ConfigFixtures.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsConfigTest {

    @Test
    void should_enable_open_metrics_without_tenant_tags_when_section_is_absent() {
        MetricsConfig metrics = parse("").metrics();

        assertTrue(metrics.enabled());
        assertTrue(metrics.token().isEmpty());
        assertFalse(metrics.tenantTags());
    }

    @Test
    void should_leave_token_empty_when_env_variable_is_unset() {
        MetricsConfig metrics = parse("metrics: { enabled: true, token: \"${CARAVAN_METRICS_TOKEN:-}\" }", Map.of()).metrics();

        assertTrue(metrics.token().isEmpty());
    }

    @Test
    void should_read_token_from_env_when_variable_is_set() {
        MetricsConfig metrics = parse("metrics: { token: \"${CARAVAN_METRICS_TOKEN:-}\" }",
                Map.of("CARAVAN_METRICS_TOKEN", "scrape-token-0123456789")).metrics();

        assertEquals("scrape-token-0123456789", metrics.token().reveal());
    }

    @Test
    void should_hide_value_when_token_is_too_short() {
        List<String> problems = problems("metrics: { token: short-secret }");

        assertEquals(List.of("metrics.token: must be at least 16 characters (value hidden)"), problems);
        assertFalse(problems.get(0).contains("short-secret"));
    }

    @Test
    void should_quote_value_when_enabled_is_not_a_boolean() {
        assertEquals(List.of("metrics.enabled: must be true or false, got 'sometimes'"), problems("metrics: { enabled: sometimes }"));
    }

    @Test
    void should_quote_value_when_tenant_tags_is_not_a_boolean() {
        assertEquals(List.of("metrics.tenant_tags: must be true or false, got 'yes please'"),
                problems("metrics: { tenant_tags: yes please }"));
    }

    @Test
    void should_suggest_key_when_metrics_key_is_misspelt() {
        assertEquals(List.of("metrics.tenant_tag: unknown key (did you mean 'tenant_tags'?)"), problems("metrics: { tenant_tag: true }"));
    }

    @Test
    void should_read_all_keys_when_set() {
        MetricsConfig metrics = parse("metrics: { enabled: false, token: scrape-token-0123456789, tenant_tags: true }").metrics();

        assertFalse(metrics.enabled());
        assertTrue(metrics.tenantTags());
    }
}
