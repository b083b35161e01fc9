package dev.caravan.platform.it;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BudgetBurst}: 150 concurrent requests per costly field against a budget that fits ten, on
 * embedded H2, at the default {@code admit.policy_timeout_ms}.
 */
class BudgetFieldBurstTest {

    @TempDir
    static Path tmp;
    private static MockUpstream mock;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithModels(mock, tmp, BudgetBurst.MODELS, BudgetBurst.sections());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    @ParameterizedTest
    @EnumSource(BudgetBurst.Field.class)
    void should_keep_spend_within_the_limit_and_refuse_with_429_when_a_burst_carries_a_costly_field(BudgetBurst.Field field)
            throws Exception {
        BudgetBurst.Outcome outcome = BudgetBurst.fire(List.of(gateway), field);

        BudgetBurst.assertHeld(field, outcome, BudgetBurst.settled(gateway, field));
    }

    @Test
    void should_refuse_with_429_and_reserve_nothing_when_another_transaction_holds_the_budget_row_past_every_deadline()
            throws Exception {
        // The gateway's own database file, opened a second time in this process (AUTO_SERVER shares it).
        try (Connection database = DriverManager.getConnection(
                "jdbc:h2:file:" + tmp + "/db/caravan;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE")) {
            BudgetBurst.Outcome outcome = BudgetBurst.fireWhileLocked(List.of(gateway), database);

            BudgetBurst.assertRefusedWhileLocked(gateway, outcome, BudgetBurst.settled(gateway, BudgetBurst.LOCKED));
        }
    }
}
