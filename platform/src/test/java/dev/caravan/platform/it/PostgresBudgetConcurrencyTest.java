package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.budget.BudgetLedger;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.storage.PostgresTestDatabase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** 64 concurrent requests against a budget that fits 10, with the ledger in PostgreSQL. */
class PostgresBudgetConcurrencyTest {

    @RegisterExtension
    static final PostgresTestDatabase PG = new PostgresTestDatabase();

    @Test
    void should_serve_at_most_ten_and_keep_spend_within_the_limit_when_64_requests_race(@TempDir Path tmp) throws Exception {
        try (MockUpstream mock = MockUpstream.start(MockOptions.defaults());
                TestGateway gateway = TestGateway.startOnWithModels(mock, tmp, PG.jdbcUrl(), PG.user(), BudgetScenario.MODELS,
                        BudgetScenario.sections())) {
            List<Integer> statuses = BudgetScenario.fire64(gateway);

            assertEquals(10, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            BudgetLedger.Usage usage = BudgetScenario.settledUsage(gateway);
            BigDecimal limit = BudgetScenario.worstCaseUsd().multiply(BigDecimal.TEN);
            assertTrue(usage.spent().compareTo(limit) <= 0, "spent " + usage.spent() + " > " + limit);
            assertEquals(0, limit.compareTo(usage.spent()), "spent " + usage.spent());
        }
    }

    @Test
    void should_serve_at_most_ten_in_total_when_two_gateway_nodes_share_the_database(@TempDir Path tmp) throws Exception {
        try (PostgresTestDatabase shared = new PostgresTestDatabase().create(); // a database of its own, fresh budget
                MockUpstream mock = MockUpstream.start(MockOptions.defaults());
                TestGateway first = TestGateway.startOnWithModels(mock, tmp.resolve("a"), shared.jdbcUrl(), shared.user(),
                        BudgetScenario.MODELS, BudgetScenario.sections());
                TestGateway second = TestGateway.startOnWithModels(mock, tmp.resolve("b"), shared.jdbcUrl(), shared.user(),
                        BudgetScenario.MODELS, BudgetScenario.sections())) {
            List<Integer> statuses = BudgetScenario.fire64(List.of(first, second));

            assertEquals(10, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            BigDecimal limit = BudgetScenario.worstCaseUsd().multiply(BigDecimal.TEN);
            BigDecimal spent = BudgetScenario.settledUsage(second).spent();
            assertEquals(0, limit.compareTo(spent), "spent " + spent + ", limit " + limit);
        }
    }
}
