package dev.caravan.platform.pricing;

import dev.caravan.platform.config.PriceRow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.config.PricingBinder;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PricingCatalogTest {

    private static final LocalDate TODAY = LocalDate.of(2025, 11, 25);
    private final PricingCatalog shipped = dev.caravan.platform.pricing.PricingCatalog.withShipped(List.of());

    @Test
    void should_ship_at_least_sixty_models_across_the_major_providers() {
        assertTrue(shipped.size() >= 60, "rows: " + shipped.size());
        for (String provider : List.of("openai", "anthropic", "google", "mistral", "groq", "together", "deepseek")) {
            assertTrue(shipped.find(provider, "no-such-model", TODAY).isEmpty());
        }
        assertEquals(new BigDecimal("0.15"), shipped.find("openai", "gpt-4o-mini", TODAY).orElseThrow().inputPerMtok());
        assertEquals(new BigDecimal("3.75"), shipped.find("anthropic", "claude-sonnet-4-5", TODAY).orElseThrow().cacheWritePerMtok());
        assertEquals(new BigDecimal("0.05"), shipped.find("groq", "llama-3.1-8b-instant", TODAY).orElseThrow().inputPerMtok());
    }

    @Test
    void should_name_source_and_date_on_every_row() {
        Set<String> unsourced = List.of("openai/gpt-4o", "anthropic/claude-haiku-4-5", "google/gemini-2.5-flash").stream()
                .map(k -> shipped.find(k.split("/")[0], k.split("/")[1], TODAY).orElseThrow())
                .filter(r -> r.source().isBlank())
                .map(PriceRow::id)
                .collect(Collectors.toSet());
        assertEquals(Set.of(), unsourced);
    }

    @Test
    void should_price_dated_snapshot_with_its_base_model_row() {
        assertEquals("openai/gpt-4o@2024-10-01", shipped.find("openai", "gpt-4o-2024-08-06", TODAY).orElseThrow().id());
        assertEquals("anthropic/claude-sonnet-4-5@2025-09-29",
                shipped.find("anthropic", "claude-sonnet-4-5-20250929", TODAY).orElseThrow().id());
        assertEquals("openai/gpt-4o-mini@2024-07-18", shipped.find("openai", "gpt-4o-mini", TODAY).orElseThrow().id());
    }

    @Test
    void should_find_model_alone_when_provider_id_is_the_operators_own_name() {
        assertEquals("openai/gpt-4.1@2025-04-14", shipped.find("azure-east", "gpt-4.1", TODAY).orElseThrow().id());
    }

    @Test
    void should_apply_the_row_in_effect_on_the_request_day() {
        assertEquals(new BigDecimal("1.10"), shipped.find("deepseek", "deepseek-chat", LocalDate.of(2025, 9, 28)).orElseThrow().outputPerMtok());
        assertEquals(new BigDecimal("0.42"), shipped.find("deepseek", "deepseek-chat", LocalDate.of(2025, 9, 29)).orElseThrow().outputPerMtok());
        assertTrue(shipped.find("openai", "gpt-5", LocalDate.of(2025, 1, 1)).isEmpty());
    }

    @Test
    void should_let_operator_row_replace_catalog_rows_for_the_same_model() {
        PriceRow negotiated = new PriceRow("openai", "gpt-4o", new BigDecimal("2.00"), null, null, new BigDecimal("8.00"),
                null, null, null, LocalDate.EPOCH, "config");
        PricingCatalog catalog = dev.caravan.platform.pricing.PricingCatalog.withShipped(List.of(negotiated));

        assertEquals(negotiated, catalog.find("openai", "gpt-4o", TODAY).orElseThrow());
        assertEquals(new BigDecimal("0.15"), catalog.find("openai", "gpt-4o-mini", TODAY).orElseThrow().inputPerMtok());
    }

    @Test
    void should_refuse_model_alone_when_two_providers_list_it() {
        PricingCatalog catalog = new PricingCatalog("t", List.of(
                new PriceRow("a", "llama", BigDecimal.ONE, null, null, BigDecimal.ONE, null, null, null, LocalDate.EPOCH, "x"),
                new PriceRow("b", "llama", BigDecimal.TEN, null, null, BigDecimal.TEN, null, null, null, LocalDate.EPOCH, "x")), List.of());

        assertTrue(catalog.find("mine", "llama", TODAY).isEmpty());
        assertEquals(BigDecimal.TEN, catalog.find("b", "llama", TODAY).orElseThrow().inputPerMtok());
    }
}
