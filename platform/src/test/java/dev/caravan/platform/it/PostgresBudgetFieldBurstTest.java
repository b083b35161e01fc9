package dev.caravan.platform.it;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.storage.PostgresTestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link BudgetBurst} on two gateway nodes sharing one PostgreSQL database: 150 concurrent requests
 * per costly field, alternating between the nodes, against a budget that fits ten, at the default
 * {@code admit.policy_timeout_ms}.
 */
class PostgresBudgetFieldBurstTest {

    @RegisterExtension
    static final PostgresTestDatabase PG = new PostgresTestDatabase();
    @TempDir
    static Path tmp;
    private static MockUpstream mock;
    private static TestGateway first;
    private static TestGateway second;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        first = TestGateway.startOnWithModels(mock, tmp.resolve("a"), PG.jdbcUrl(), PG.user(), BudgetBurst.MODELS, BudgetBurst.sections());
        second = TestGateway.startOnWithModels(mock, tmp.resolve("b"), PG.jdbcUrl(), PG.user(), BudgetBurst.MODELS, BudgetBurst.sections());
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
        mock.close();
    }

    @ParameterizedTest
    @EnumSource(BudgetBurst.Field.class)
    void should_keep_spend_within_the_limit_and_refuse_with_429_when_two_nodes_take_a_burst_with_a_costly_field(
            BudgetBurst.Field field) throws Exception {
        BudgetBurst.Outcome outcome = BudgetBurst.fire(List.of(first, second), field);

        BudgetBurst.assertHeld(field, outcome, BudgetBurst.settled(second, field));
    }

    @Test
    void should_refuse_with_429_and_reserve_nothing_when_a_third_party_holds_the_budget_row_past_every_deadline()
            throws Exception {
        try (Connection database = PG.connection()) {
            BudgetBurst.Outcome outcome = BudgetBurst.fireWhileLocked(List.of(first, second), database);

            BudgetBurst.assertRefusedWhileLocked(first, outcome, BudgetBurst.settled(second, BudgetBurst.LOCKED));
        }
    }
}
