package dev.caravan.platform.config;

import static dev.caravan.platform.config.ConfigFixtures.parse;
import static dev.caravan.platform.config.ConfigFixtures.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PricingConfigTest {

    @Test
    void should_bind_row_with_exact_decimals_when_prices_are_quoted() {
        PriceRow row = parse("""
                pricing:
                  - { provider: openai, model: gpt-4o-mini, input_per_mtok: "0.15", output_per_mtok: "0.60", cached_input_per_mtok: "0.075" }
                """).pricing().get(0);

        assertEquals(new BigDecimal("0.15"), row.inputPerMtok());
        assertEquals(new BigDecimal("0.60"), row.outputPerMtok());
        assertEquals(new BigDecimal("0.075"), row.cachedInputPerMtok());
        assertEquals(new BigDecimal("0.15"), row.cacheWritePerMtok());
        assertEquals(new BigDecimal("0.60"), row.reasoningPerMtok());
        assertEquals(LocalDate.EPOCH, row.effective());
        assertEquals("config", row.source());
    }

    @Test
    void should_refuse_unquoted_price_when_yaml_would_read_it_as_a_float() {
        assertEquals(List.of("pricing[0].input_per_mtok: must be a string, got a number (quote it)"), problems("""
                pricing: [ { provider: openai, model: m, input_per_mtok: 1.10, output_per_mtok: "1" } ]
                """));
    }

    @Test
    void should_name_field_when_price_is_negative_or_not_a_number() {
        assertEquals(List.of(
                "pricing[0].input_per_mtok: must be between 0 and 1000000 USD, got '-1'",
                "pricing[0].output_per_mtok: must be a decimal amount in USD such as \"0.15\", got 'cheap'"), problems("""
                pricing: [ { provider: openai, model: m, input_per_mtok: "-1", output_per_mtok: "cheap" } ]
                """));
    }

    @Test
    void should_require_provider_model_and_both_token_prices() {
        assertEquals(List.of("pricing[0].provider: required", "pricing[0].model: required",
                "pricing[0].input_per_mtok: required", "pricing[0].output_per_mtok: required"), problems("""
                pricing: [ { source: contract } ]
                """));
    }

    @Test
    void should_report_bad_date_and_unknown_key() {
        assertEquals(List.of("pricing[0].input: unknown key",
                "pricing[0].effective: must be a date like 2025-01-31, got '31/01/2025'"), problems("""
                pricing: [ { provider: p, model: m, input: "1", input_per_mtok: "1", output_per_mtok: "1", effective: "31/01/2025" } ]
                """));
    }

    @Test
    void should_report_duplicate_row_when_same_provider_model_and_date() {
        assertEquals(List.of("pricing[1].model: duplicate row for p/m effective 2025-01-01"), problems("""
                pricing:
                  - { provider: p, model: m, input_per_mtok: "1", output_per_mtok: "1", effective: "2025-01-01" }
                  - { provider: p, model: m, input_per_mtok: "2", output_per_mtok: "2", effective: "2025-01-01" }
                """));
    }

    @Test
    void should_name_the_config_path_when_an_import_file_is_missing() {
        List<String> problems = problems("""
                pricing_imports: [ "/nonexistent/pricing-imports.yaml" ]
                """);
        assertEquals(List.of("pricing_imports[0]: no such file: /nonexistent/pricing-imports.yaml"), problems);
    }

    @Test
    void should_refuse_a_long_context_price_without_its_threshold() {
        assertEquals(List.of("pricing[0].input_above_per_mtok: needs long_context_above_tokens, the prompt size the price applies above"), problems("""
                pricing: [ { provider: openai, model: m, input_per_mtok: "1", output_per_mtok: "2", input_above_per_mtok: "2", output_above_per_mtok: "4" } ]
                """));
    }
}
