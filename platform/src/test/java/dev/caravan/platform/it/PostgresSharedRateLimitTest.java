package dev.caravan.platform.it;

import static dev.caravan.platform.it.TestGateway.KEY;
import static dev.caravan.platform.it.TestGateway.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.storage.PostgresTestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code shared: true} rate limit on two gateway nodes sharing one PostgreSQL database: the
 * nodes together admit at most the limit in a minute, where per-node buckets would admit twice it.
 * Each test uses an alias of its own, so their counts do not mix.
 */
class PostgresSharedRateLimitTest {

    static final int RPM = 40;

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
        String target = "targets: [ { provider: mock, model: gpt-4o-mini } ]";
        String models = """
                  - { alias: fast, %1$s }
                  - { alias: burst, %1$s }
                  - { alias: alternating, %1$s }
                  - { alias: quiet, %1$s }
                  - { alias: tokens, %1$s }
                """.formatted(target);
        String limits = """
                rate_limits:
                  - { scope: { alias: burst }, rpm: %1$d, shared: true }
                  - { scope: { alias: alternating }, rpm: %1$d, shared: true }
                  - { scope: { alias: quiet }, rpm: %1$d, shared: true }
                  - { scope: { alias: tokens }, tpm: 2000, shared: true, on_store_error: deny }
                breaker: { window: 10000, minimum_calls: 10000 }
                """.formatted(RPM);
        String storage = "{ url: \"" + PG.jdbcUrl() + "\", user: \"" + PG.user() + "\" }";
        first = TestGateway.startOnWithModelsAndAdmin(mock, tmp.resolve("a"), storage, models, limits);
        second = TestGateway.startOnWithModelsAndAdmin(mock, tmp.resolve("b"), storage, models, limits);
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
        mock.close();
    }

    private static String body(String alias) {
        return "{\"model\":\"" + alias + "\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static HttpResponse<String> chat(TestGateway node, String alias) {
        return node.post("/v1/chat/completions", body(alias), "authorization", bearer(KEY), "content-type", "application/json");
    }

    /** A minute window must not end mid-test (the count would start again): wait for a fresh one if little is left. */
    private static void withinOneMinute(long secondsNeeded) {
        long left = 60_000 - System.currentTimeMillis() % 60_000;
        if (left < secondsNeeded * 1000) {
            long minute = System.currentTimeMillis() / 60_000;
            Poll.until(System::currentTimeMillis, now -> now / 60_000 > minute, Duration.ofSeconds(61), () -> "no new minute");
        }
    }

    @Test
    void should_admit_exactly_the_limit_across_two_nodes_when_a_concurrent_burst_hits_both() throws Exception {
        withinOneMinute(20);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 3 * RPM; i++) {
            TestGateway node = i % 2 == 0 ? first : second;
            answers.add(CompletableFuture.supplyAsync(() -> chat(node, "burst").statusCode()));
        }
        int admitted = 0;
        int refused = 0;
        for (CompletableFuture<Integer> answer : answers) {
            int status = answer.get();
            admitted += status == 200 ? 1 : 0;
            refused += status == 429 ? 1 : 0;
        }

        assertEquals(3 * RPM, admitted + refused, "every request is answered 200 or 429");
        assertTrue(admitted <= RPM, "admitted " + admitted + " of a limit of " + RPM + " across two nodes");
        // Under-admission is bounded by the lease a node holds while the other is refused (5% of the limit).
        assertTrue(admitted >= RPM - RPM / 20, "admitted " + admitted + " of " + RPM);
        System.out.println("shared rpm burst on two nodes: admitted " + admitted + " of limit " + RPM);
    }

    @Test
    void should_admit_the_whole_limit_and_name_the_scope_in_the_429_when_requests_alternate_between_nodes() {
        withinOneMinute(20);
        int admitted = 0;
        HttpResponse<String> refusal = null;
        for (int i = 0; i < RPM + 10; i++) {
            HttpResponse<String> answer = chat(i % 2 == 0 ? first : second, "alternating");
            if (answer.statusCode() == 200) {
                admitted++;
            } else {
                refusal = answer;
            }
        }

        assertEquals(RPM, admitted);
        assertEquals(429, refusal.statusCode());
        String message = TestGateway.json(refusal.body()).get("error").get("message").asText();
        assertTrue(message.startsWith("Rate limit reached for alternating in alias alternating on requests per min (RPM): Limit " + RPM),
                message);
        long retryAfter = Long.parseLong(refusal.headers().firstValue("retry-after").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "retry-after " + retryAfter);
    }

    @Test
    void should_give_an_idle_nodes_lease_back_so_the_other_node_can_use_the_whole_limit() {
        withinOneMinute(30);
        assertEquals(200, chat(first, "quiet").statusCode()); // first leases RPM / 20 and uses one of them
        int admitted = 0;
        while (chat(second, "quiet").statusCode() == 200) {
            admitted++;
        }
        // first's lease comes back after a second idle (which may already have passed during the loop)
        assertTrue(admitted >= RPM - RPM / 20 && admitted <= RPM - 1, "second admitted " + admitted);
        if (admitted < RPM - 1) {
            Poll.until(() -> chat(second, "quiet").statusCode(), status -> status == 200, Duration.ofSeconds(10),
                    () -> "first's idle lease never came back");
            admitted++;
            while (chat(second, "quiet").statusCode() == 200) {
                admitted++;
            }
        }

        assertEquals(RPM - 1, admitted, "second gets all the minute's requests but the one first used");
        assertEquals(429, chat(second, "quiet").statusCode());
        assertEquals(429, chat(first, "quiet").statusCode(), "the minute's " + RPM + " are used up on both nodes");
    }

    @Test
    void should_refuse_with_429_within_the_wait_bound_when_on_store_error_is_deny_and_the_database_does_not_answer()
            throws Exception {
        withinOneMinute(15);
        long minute = System.currentTimeMillis() / 60_000;
        try (java.sql.Connection database = PG.connection()) {
            try (java.sql.Statement open = database.createStatement()) {
                open.execute("INSERT INTO rate_limit_windows (limit_key, window_start, used) VALUES ('alias:tokens/tokens', "
                        + minute + ", 0)");
            }
            database.setAutoCommit(false);
            try (java.sql.Statement lock = database.createStatement()) {
                lock.executeQuery("SELECT used FROM rate_limit_windows WHERE limit_key = 'alias:tokens/tokens' FOR UPDATE");
            }
            long started = System.nanoTime();
            HttpResponse<String> refused = chat(first, "tokens");
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            database.rollback();

            assertEquals(429, refused.statusCode(), refused.body());
            assertTrue(TestGateway.json(refused.body()).get("error").get("message").asText().startsWith(
                    "Rate limit for tokens in alias tokens on tokens per min (TPM) cannot be checked right now"), refused.body());
            assertEquals("1", refused.headers().firstValue("retry-after").orElseThrow());
            assertTrue(tookMs >= 900 && tookMs < 5_000, "answered after " + tookMs + " ms");
        }
        Poll.until(() -> chat(first, "tokens").statusCode(), status -> status == 200, Duration.ofSeconds(10),
                () -> "the shared limit never recovered once the database answered");
    }
}
