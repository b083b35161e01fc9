package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.storage.PostgresTestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway nodes on one PostgreSQL database: a change made through node A, or by SQL run
 * directly on the database, is in force on node B within one second (LISTEN/NOTIFY, changeset
 * 0011), although B's key cache keeps found keys for 30 s and its budgets refresh every 5 s.
 */
class PostgresChangePropagationTest {

    private static final Duration WITHIN = Duration.ofSeconds(1);
    private static final String CHAT = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String BREAKER = "breaker: { window: 10000, minimum_calls: 10000 }\n";
    private static final String PRICE = """
            pricing:
              - { provider: mock, model: budget-model, input_per_mtok: "1000", output_per_mtok: "1000" }
            """;

    @TempDir
    Path tmp;

    @Test
    void should_refuse_a_key_on_node_b_within_1s_when_it_was_revoked_through_node_a() throws Exception {
        try (PostgresTestDatabase db = new PostgresTestDatabase().create();
                MockUpstream mock = MockUpstream.start(MockOptions.defaults());
                TestGateway a = node(mock, db, "a", BREAKER);
                TestGateway b = node(mock, db, "b", BREAKER)) {
            assertEquals(200, chat(b, TestGateway.LIMITED_KEY).statusCode()); // B now caches the key as found

            long start = System.nanoTime();
            HttpResponse<String> revoked = a.send("POST", "/admin/v1/keys/limited/revoke", "",
                    "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN));
            assertEquals(200, revoked.statusCode(), revoked.body());
            Duration took = refusedWithin(b, TestGateway.LIMITED_KEY, start, 401);

            System.out.println("propagation: admin revoke on A refused on B after " + took.toMillis() + " ms");
            assertTrue(took.compareTo(WITHIN) < 0, "node B refused the revoked key after " + took.toMillis() + " ms");
            assertEquals(200, chat(b, TestGateway.KEY).statusCode(), "the other key still works on B");
        }
    }

    @Test
    void should_refuse_a_key_on_both_nodes_within_1s_when_it_was_revoked_by_sql() throws Exception {
        try (PostgresTestDatabase db = new PostgresTestDatabase().create();
                MockUpstream mock = MockUpstream.start(MockOptions.defaults());
                TestGateway a = node(mock, db, "a", BREAKER);
                TestGateway b = node(mock, db, "b", BREAKER)) {
            assertEquals(200, chat(a, TestGateway.LIMITED_KEY).statusCode());
            assertEquals(200, chat(b, TestGateway.LIMITED_KEY).statusCode());

            long start = System.nanoTime();
            try (Connection sql = DriverManager.getConnection(db.jdbcUrl(), db.user(), "");
                    Statement statement = sql.createStatement()) {
                assertEquals(1, statement.executeUpdate("UPDATE virtual_keys SET active = FALSE WHERE name = 'limited'"));
            }
            Duration onA = refusedWithin(a, TestGateway.LIMITED_KEY, start, 401);
            Duration onB = refusedWithin(b, TestGateway.LIMITED_KEY, start, 401);

            System.out.println("propagation: SQL revoke refused on A after " + onA.toMillis() + " ms, on B after " + onB.toMillis() + " ms");
            assertTrue(onA.compareTo(WITHIN) < 0, "node A refused the key after " + onA.toMillis() + " ms");
            assertTrue(onB.compareTo(WITHIN) < 0, "node B refused the key after " + onB.toMillis() + " ms");
        }
    }

    @Test
    void should_enforce_a_budget_on_node_b_within_1s_when_it_was_created_through_node_a() throws Exception {
        String sections = BREAKER + PRICE;
        try (PostgresTestDatabase db = new PostgresTestDatabase().create();
                MockUpstream mock = MockUpstream.start(MockOptions.defaults());
                TestGateway a = node(mock, db, "a", sections);
                TestGateway b = node(mock, db, "b", sections)) {
            assertEquals(200, BudgetScenario.call(b, false).statusCode());
            // Smaller than one request's worst case: the first request B admits under it is refused.
            String budget = "{\"name\":\"dev-tiny\",\"scope\":{\"key\":\"dev\"},\"period\":\"daily\",\"limit_usd\":\"0.000001\"}";

            long start = System.nanoTime();
            HttpResponse<String> created = a.post("/admin/v1/budgets", budget,
                    "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN), "content-type", "application/json");
            assertEquals(201, created.statusCode(), created.body());
            HttpResponse<String> over = Poll.until(() -> BudgetScenario.call(b, false), r -> r.statusCode() != 200,
                    Duration.ofSeconds(10), () -> "node B never enforced the budget created on node A");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            System.out.println("propagation: budget created on A enforced on B after " + took.toMillis() + " ms");
            assertEquals(429, over.statusCode(), over.body());
            assertTrue(over.body().contains("\"code\":\"budget_exceeded\""), over.body());
            assertTrue(took.compareTo(WITHIN) < 0, "node B enforced the budget after " + took.toMillis() + " ms");
        }
    }

    private TestGateway node(MockUpstream mock, PostgresTestDatabase db, String name, String sections) {
        String storage = "{ url: \"" + db.jdbcUrl() + "\", user: \"" + db.user() + "\" }";
        return TestGateway.startOnWithModelsAndAdmin(mock, tmp.resolve(name), storage, BudgetScenario.MODELS, sections);
    }

    /** Polls {@code node} with {@code key} until it answers {@code status}; how long that took since {@code start}. */
    private static Duration refusedWithin(TestGateway node, String key, long start, int status) {
        Poll.until(() -> chat(node, key).statusCode(), s -> s == status, Duration.ofSeconds(10),
                () -> "the key was never refused");
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static HttpResponse<String> chat(TestGateway node, String key) {
        return node.post("/v1/chat/completions", CHAT, "authorization", TestGateway.bearer(key), "content-type", "application/json");
    }
}
