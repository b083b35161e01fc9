package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.budget.BudgetLedger;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 64 concurrent requests against a budget that fits 10, on embedded H2, through the real gateway. */
class BudgetConcurrencyTest {

    @Test
    void should_serve_at_most_ten_and_keep_spend_within_the_limit_when_64_requests_race(@TempDir Path tmp) throws Exception {
        try (MockUpstream mock = MockUpstream.start(MockOptions.defaults());
                TestGateway gateway = TestGateway.startWithModels(mock, tmp, BudgetScenario.MODELS, BudgetScenario.sections())) {
            List<Integer> statuses = BudgetScenario.fire64(gateway);

            long served = statuses.stream().filter(s -> s == 200).count();
            assertEquals(64, served + statuses.stream().filter(s -> s == 429).count(), statuses.toString());
            assertEquals(10, served, statuses.toString());
            BudgetLedger.Usage usage = BudgetScenario.settledUsage(gateway);
            // Each served request used exactly its worst case (the mock reports the estimated prompt and 100 completion tokens).
            assertEquals(0, BudgetScenario.worstCaseUsd().multiply(java.math.BigDecimal.TEN).compareTo(usage.spent()),
                    "spent " + usage.spent());
            assertTrue(usage.spent().compareTo(BudgetScenario.worstCaseUsd().multiply(java.math.BigDecimal.TEN)) <= 0);
        }
    }
}
