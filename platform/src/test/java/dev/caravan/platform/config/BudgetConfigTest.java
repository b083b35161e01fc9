package dev.caravan.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.budget.BudgetDefinition;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code budgets[]}, {@code budgets_timezone}, {@code budget_alerts} and {@code admit}, as docs/budgets.md shows them. */
class BudgetConfigTest {

    private static final String MODELS = """
            providers:
              - { id: openai, plugin: openai, base_url: "https://api.openai.com/v1" }
            models:
              - { alias: gpt-4o, targets: [ { provider: openai, model: gpt-4o } ] }
              - { alias: gpt-4o-mini, targets: [ { provider: openai, model: gpt-4o-mini } ] }
            """;

    /** The first {@code yaml} block of docs/budgets.md. */
    private static String docsExample() throws Exception {
        String doc = Files.readString(Path.of("../docs/budgets.md"));
        int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        return doc.substring(start, doc.indexOf("```", start));
    }

    private static CaravanConfig load(String yaml) {
        return ConfigLoader.fromYaml(MODELS + yaml, Map.of(), null);
    }

    @Test
    void should_bind_every_budget_of_the_documented_example() throws Exception {
        CaravanConfig config = load(docsExample());

        List<BudgetDefinition> budgets = config.budgets();
        assertEquals(List.of("alice-monthly", "acme-tokens", "gpt4-daily", "team-red", "acme-prepaid", "everything"),
                budgets.stream().map(BudgetDefinition::name).toList());
        assertEquals(new BigDecimal("5.00"), budgets.get(0).limitUsd());
        assertEquals(2_000_000L, budgets.get(1).limitTokens());
        assertEquals(List.of(50, 80, 100), budgets.get(1).alerts());
        assertEquals("gpt-4o-mini", budgets.get(2).downgradeTo());
        assertEquals("metadata", budgets.get(3).scopeType());
        assertEquals("team", budgets.get(3).scopeField());
        assertTrue(budgets.get(4).prepaid());
        assertEquals("global", budgets.get(5).scopeType());
        assertEquals(ZoneId.of("Europe/Berlin"), budgets.get(0).zone());
        assertEquals(List.of("budget-standard"), config.admit().plugins());
        assertEquals("https://ops.example.com/caravan-alerts", config.budgetAlerts().webhook().toString());
    }

    @Test
    void should_name_each_bad_field_when_a_budget_is_invalid() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                budgets:
                  - { name: a, scope: { team: red }, limit_usd: "five", period: hourly, action: downgrade }
                """));

        assertTrue(e.problems().contains("budgets[0].scope: must name exactly one of tenant, key, alias, provider, metadata.<field>"),
                e.problems().toString());
        assertTrue(e.problems().contains("budgets[0].limit_usd: must be a decimal amount in quotes, e.g. \"5.00\", got 'five'"),
                e.problems().toString());
        assertTrue(e.problems().contains("budgets[0].period: must be daily, weekly, monthly or total, got 'hourly'"),
                e.problems().toString());
        assertTrue(e.problems().contains("budgets[0].downgrade_to: is required with action: downgrade"), e.problems().toString());
    }

    @Test
    void should_refuse_a_budget_with_both_limits() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                budgets:
                  - { name: a, scope: { key: dev }, limit_usd: "1", limit_tokens: 5 }
                """));

        assertEquals(List.of("budgets[0].limit_usd: set exactly one of limit_usd and limit_tokens"), e.problems());
    }
}
