package dev.caravan.platform.pricing;

import dev.caravan.platform.config.PriceRow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.caravan.api.Usage;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Every expected amount below is worked out by hand in the comment above it. */
class CostCalculatorTest {

    private static PriceRow row(String in, String cached, String write, String out, String reasoning) {
        return new PriceRow("p", "m", new BigDecimal(in), cached == null ? null : new BigDecimal(cached),
                write == null ? null : new BigDecimal(write), new BigDecimal(out),
                reasoning == null ? null : new BigDecimal(reasoning), null, null, LocalDate.of(2025, 1, 1), "test");
    }

    @Test
    void should_price_cached_prompt_tokens_at_cached_rate_when_usage_reports_them() {
        // 800 × 0.15 + 200 × 0.075 + 500 × 0.60 = 120 + 15 + 300 = 435 µ$ per 1e6 → 0.000435
        Cost cost = CostCalculator.cost(row("0.15", "0.075", null, "0.60", null), new Usage(1000, 500, 200, 0, 0, true), 0);

        assertEquals(new BigDecimal("0.000435"), cost.usd());
        assertEquals("p/m@2025-01-01", cost.priceId());
    }

    @Test
    void should_price_cache_writes_and_reads_separately_when_provider_bills_both() {
        // Anthropic-style: 1000 plain × 3 + 2000 read × 0.30 + 500 write × 3.75 + 300 out × 15
        // = 3000 + 600 + 1875 + 4500 = 9975 → 0.009975
        Cost cost = CostCalculator.cost(row("3.00", "0.30", "3.75", "15.00", null), new Usage(3500, 300, 2000, 500, 0, true), 0);

        assertEquals(new BigDecimal("0.009975"), cost.usd());
    }

    @Test
    void should_price_reasoning_at_output_rate_when_row_has_no_reasoning_price() {
        // 100 × 2 + 100 plain out × 8 + 1000 reasoning × 8 = 200 + 800 + 8000 = 9000 → 0.009
        Cost cost = CostCalculator.cost(row("2.00", null, null, "8.00", null), new Usage(100, 1100, 0, 0, 1000, true), 0);

        assertEquals(new BigDecimal("0.009"), cost.usd());
    }

    @Test
    void should_use_reasoning_price_when_row_sets_one() {
        // 1000 reasoning × 10 + 0 others = 10000 → 0.01
        Cost cost = CostCalculator.cost(row("1", null, null, "4", "10"), new Usage(0, 1000, 0, 0, 1000, true), 0);

        assertEquals(new BigDecimal("0.01"), cost.usd());
    }

    @Test
    void should_add_per_image_and_per_request_charges() {
        // 2 images × 0.040 + 0.001 per request = 0.081
        PriceRow images = new PriceRow("openai", "dall-e-3", BigDecimal.ZERO, null, null, BigDecimal.ZERO, null,
                new BigDecimal("0.040"), new BigDecimal("0.001"), LocalDate.of(2023, 11, 6), "test");

        assertEquals(new BigDecimal("0.081"), CostCalculator.cost(images, Usage.NONE, 2).usd());
    }

    @Test
    void should_stay_exact_when_amounts_are_huge_or_tiny() {
        // 1e9 tokens × 2.50 per 1e6 = 2500 exactly; 1 token × 0.000001 per 1e6 = 1e-12 exactly
        assertEquals(new BigDecimal("2500"), CostCalculator.cost(row("2.50", null, null, "0", null), Usage.of(1_000_000_000L, 0), 0).usd());
        assertEquals(new BigDecimal("1E-12"), CostCalculator.cost(row("0.000001", null, null, "0", null), Usage.of(1, 0), 0).usd());
    }

    @Test
    void should_add_up_to_the_exact_total_when_many_small_costs_are_summed() {
        // 1000 requests of 1 prompt token at 0.15 per 1e6: each 0.00000015, together 0.00015
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < 1000; i++) {
            sum = sum.add(CostCalculator.cost(row("0.15", null, null, "0.60", null), Usage.of(1, 0), 0).usd());
        }
        assertEquals(0, new BigDecimal("0.00015").compareTo(sum));
    }

    @Test
    void should_say_unpriced_rather_than_zero() {
        assertFalse(Cost.UNPRICED.priced());
    }
}
