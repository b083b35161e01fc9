package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockScript;
import dev.caravan.mock.MockUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream 429 is a request to wait, not an outage: the target cools down for the upstream's
 * Retry-After (no breaker failure), routing falls back meanwhile, and with no other target the
 * client gets a 429 with Retry-After. The gateway runs the default breaker (5 failures open it).
 */
class RateLimitCooldownTest {

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithModels(mock, tmp, """
                  - { alias: limited, targets: [ { provider: mock, model: rl-only } ] }
                  - alias: limited-fb
                    strategy: fallback
                    targets: [ { provider: mock, model: rl-first }, { provider: mock, model: rl-second } ]
                  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                  - { alias: open-circuit, targets: [ { provider: mock, model: broken } ] }
                """, "breaker: { window: 5, minimum_calls: 5, open_ms: 20000 }");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    private static HttpResponse<String> chat(String alias) {
        return gateway.post("/v1/chat/completions", "{\"model\":\"" + alias + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "authorization", TestGateway.bearer(TestGateway.KEY));
    }

    private static long upstreamCalls(String model) {
        return mock.recordedRequests().stream().filter(r -> r.body() != null && r.body().path("model").asText().equals(model)).count();
    }

    @Test
    void should_answer_429_with_retry_after_and_keep_the_circuit_closed_when_the_upstream_answers_429_five_times() {
        mock.script("rl-only", MockScript.steps().then(5, b -> b.withStatus(429).withRetryAfter("1")).thenForever(b -> b));
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> served = Poll.until(() -> {
            HttpResponse<String> r = chat("limited");
            statuses.add(r.statusCode());
            if (r.statusCode() != 200) {
                assertEquals(429, r.statusCode(), r.body());
                String retryAfter = r.headers().firstValue("retry-after").orElseThrow(() -> new AssertionError("no retry-after: " + r.headers()));
                assertEquals("1", retryAfter);
                assertEquals("rate_limit_exceeded", TestGateway.json(r.body()).get("error").get("code").asText(), r.body());
            }
            return r;
        }, r -> r.statusCode() == 200, Duration.ofSeconds(30), () -> "never served again: " + statuses);
        assertEquals(200, served.statusCode());
        assertEquals(6, upstreamCalls("rl-only"), "five 429s, then the answer; none during a cooldown");
        assertTrue(statuses.size() > 6, "requests during the cooldowns were answered without calling the upstream: " + statuses);
    }

    @Test
    void should_fall_back_to_another_target_when_the_first_is_cooling_down() {
        mock.script("rl-first", MockScript.steps().thenForever(b -> b.withStatus(429).withRetryAfter("30")));
        HttpResponse<String> first = chat("limited-fb");
        assertEquals(200, first.statusCode(), first.body());
        HttpResponse<String> second = chat("limited-fb");
        assertEquals(200, second.statusCode(), second.body());
        assertEquals("mock/rl-second", second.headers().firstValue("x-caravan-served-by").orElse(""));
        JsonNode attempts = gateway.receipt(second.headers().firstValue("x-caravan-trace-id").orElseThrow(), TestGateway.KEY).get("attempts");
        assertEquals("skipped: rate limited (cooldown)", attempts.get(0).get("decision").asText(), attempts.toString());
        assertEquals(1, upstreamCalls("rl-first"), "the cooling target was not called again");
    }

    @Test
    void should_send_retry_after_with_the_503_when_every_circuit_is_open() {
        mock.script("broken", MockScript.steps().thenForever(b -> b.withStatus(500)));
        HttpResponse<String> last = Poll.until(() -> chat("open-circuit"), r -> r.statusCode() == 503, Duration.ofSeconds(20),
                () -> "circuit never opened");
        assertEquals("targets_unavailable", TestGateway.json(last.body()).get("error").get("code").asText());
        long retryAfter = Long.parseLong(last.headers().firstValue("retry-after").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 20, "retry-after " + retryAfter);
    }
}
