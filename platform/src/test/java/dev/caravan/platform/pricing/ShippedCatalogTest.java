package dev.caravan.platform.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.Usage;
import dev.caravan.platform.config.PriceRow;
import dev.caravan.platform.config.PricingBinder;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The catalog shipped in the jar: as wide as docs/pricing.md says, every row sourced and dated, prices exact. */
class ShippedCatalogTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);
    private static final Pattern URL_AND_DATE = Pattern.compile(".*https://\\S+.*\\b20\\d\\d-\\d\\d\\b.*");
    private final List<PriceRow> rows = PricingBinder.shippedRows();
    private final PricingCatalog catalog = PricingCatalog.withShipped(List.of());

    @Test
    void should_ship_at_least_600_priced_rows_across_the_providers_the_gateway_reaches() {
        Map<String, Long> perProvider = rows.stream()
                .collect(Collectors.groupingBy(PriceRow::provider, TreeMap::new, Collectors.counting()));
        System.out.println("shipped pricing catalog " + PricingBinder.shippedVersion() + ": " + rows.size()
                + " rows, loaded in " + PricingBinder.shippedLoadNanos() / 1_000_000 + " ms; per provider " + perProvider);
        assertTrue(rows.size() >= 600, "rows: " + rows.size());
        // the per-provider table in docs/pricing.md
        assertEquals(Map.ofEntries(Map.entry("anthropic", 31L), Map.entry("azure", 108L), Map.entry("bedrock", 233L),
                Map.entry("cerebras", 7L), Map.entry("deepinfra", 67L), Map.entry("deepseek", 10L), Map.entry("fireworks", 288L),
                Map.entry("google", 56L), Map.entry("groq", 12L), Map.entry("mistral", 55L), Map.entry("moonshot", 22L),
                Map.entry("openai", 132L), Map.entry("openrouter", 96L), Map.entry("perplexity", 22L), Map.entry("sambanova", 19L),
                Map.entry("together", 38L), Map.entry("vertex", 138L), Map.entry("xai", 40L)), perProvider);
        assertEquals(1374, rows.size());
        assertEquals("2026-07-24", PricingBinder.shippedVersion());
        for (String provider : List.of("openai", "azure", "anthropic", "google", "vertex", "bedrock", "mistral", "groq",
                "together", "fireworks", "deepseek", "xai")) {
            assertTrue(perProvider.getOrDefault(provider, 0L) >= 3, provider + ": " + perProvider.get(provider));
        }
    }

    @Test
    void should_name_a_source_url_and_date_on_every_row() {
        List<String> unsourced = rows.stream()
                .filter(r -> r.effective() == null || !URL_AND_DATE.matcher(r.source()).matches())
                .map(PriceRow::id).toList();
        assertEquals(List.of(), unsourced);
        // docs/pricing.md: 78 hand-read rows; the LiteLLM rows take effect on the snapshot's day
        List<PriceRow> litellm = rows.stream().filter(r -> r.source().contains("github.com/BerriAI/litellm")).toList();
        assertEquals(78, rows.size() - litellm.size());
        assertEquals(List.of(LocalDate.of(2026, 7, 24)), litellm.stream().map(PriceRow::effective).distinct().toList());
    }

    @Test
    void should_carry_cached_cache_write_batch_image_and_long_context_tiers() {
        assertTrue(rows.stream().filter(r -> r.cachedInputPerMtok().compareTo(r.inputPerMtok()) != 0).count() >= 100);
        assertTrue(rows.stream().filter(r -> r.tiers().cacheWrite1hPerMtok() != null).count() >= 50);
        assertTrue(rows.stream().filter(r -> r.tiers().batchInputPerMtok() != null).count() >= 50);
        assertTrue(rows.stream().filter(r -> r.perImage().signum() > 0).count() >= 10);
        assertTrue(rows.stream().filter(r -> r.tiers().hasLongContext()).count() >= 30);
    }

    @Test
    void should_hold_litellm_prices_as_exact_decimals_per_million() {
        // amazon.nova-2-pro-preview: 2.1875e-06 and 5.46875e-07 per token in the source file.
        PriceRow nova = catalog.find("bedrock", "amazon.nova-2-pro-preview-20251202-v1:0", DAY).orElseThrow();
        assertEquals("2.1875", nova.inputPerMtok().toPlainString());
        assertEquals("0.546875", nova.cachedInputPerMtok().toPlainString());
        assertEquals("17.5", nova.outputPerMtok().toPlainString());
    }

    @Test
    void should_charge_the_long_context_tier_above_its_threshold() {
        PriceRow sonnet = catalog.find("anthropic", "claude-sonnet-4-5-20250929", DAY).orElseThrow();
        assertEquals(200_000, sonnet.tiers().longContextAboveTokens());
        assertEquals("6", sonnet.tiers().cacheWrite1hPerMtok().toPlainString());
        // 200,000 prompt tokens: base prices; 300,000: the whole request at 6 / 22.5 per million.
        assertEquals(new BigDecimal("0.615"), CostCalculator.cost(sonnet, Usage.of(200_000, 1_000), 0).usd());
        assertEquals(new BigDecimal("1.8225"), CostCalculator.cost(sonnet, Usage.of(300_000, 1_000), 0).usd());
    }

    @Test
    void should_price_a_model_several_providers_list_with_its_makers_row() {
        // gpt-4o is listed by openai and azure: a provider named my-openai gets OpenAI's row, azure gets Azure's.
        assertEquals("openai", catalog.find("my-openai", "gpt-4o", DAY).orElseThrow().provider());
        assertEquals("azure", catalog.find("azure", "gpt-4o", DAY).orElseThrow().provider());
        assertEquals("google", catalog.find("my-gemini", "gemini-2.5-pro", DAY).orElseThrow().provider());
        assertTrue(catalog.find("vertex", "gemini-2.5-pro", DAY).isPresent());
    }
}
