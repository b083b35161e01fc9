package dev.caravan.platform.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.budget.ModelPrice;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigLoader;
import dev.caravan.platform.config.PricingBinder;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prices for reservations: the highest any reachable target may bill, so a fallback cannot overshoot. */
class PlatformPolicyServicesTest {

    private static final CaravanConfig CONFIG = ConfigLoader.fromYaml("""
            providers:
              - { id: a, plugin: openai, base_url: "http://127.0.0.1:1/v1" }
              - { id: b, plugin: openai, base_url: "http://127.0.0.1:2/v1" }
            models:
              - { alias: cheap, targets: [ { provider: a, model: m-cheap } ] }
              - { alias: pricey, targets: [ { provider: b, model: m-pricey } ] }
              - { alias: unpriced, targets: [ { provider: b, model: m-unknown } ] }
              - { alias: either, strategy: fallback, targets: [ { alias: cheap }, { provider: b, model: m-pricey } ] }
              - { alias: mixed, strategy: fallback, targets: [ { provider: b, model: m-unknown }, { alias: cheap } ] }
            pricing:
              - { provider: a, model: m-cheap, input_per_mtok: "1.00", output_per_mtok: "8.00" }
              - { provider: b, model: m-pricey, input_per_mtok: "2.50", output_per_mtok: "4.00", per_request: "0.01" }
            """, Map.of(), null);

    private final PlatformPolicyServices services = new PlatformPolicyServices(CONFIG, List::of, null,
            dev.caravan.platform.pricing.PricingCatalog.withShipped(CONFIG.pricing()), Clock.systemUTC(), alert -> {});

    @Test
    void should_take_each_price_component_at_its_highest_when_an_alias_can_fall_back_to_another_target() {
        ModelPrice price = services.priceOf("either").orElseThrow();

        assertEquals(new BigDecimal("2.50"), price.inputPerMtok());
        assertEquals(new BigDecimal("8.00"), price.outputPerMtok());
        assertEquals(new BigDecimal("0.01"), price.perRequest());
        assertEquals("a", services.providerOf("either").orElseThrow());
    }

    @Test
    void should_have_no_price_when_no_reachable_target_is_priced() {
        assertTrue(services.priceOf("unpriced").isEmpty());
    }

    @Test
    void should_price_by_the_priced_targets_when_some_are_unpriced() {
        assertEquals(new BigDecimal("8.00"), services.priceOf("mixed").orElseThrow().outputPerMtok());
    }
}
