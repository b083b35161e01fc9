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
 * A target's circuit breaker through the real gateway: it opens on the failure rate over its
 * window, skips the target (receipt {@code skipped: circuit open}, nothing sent upstream) for every
 * alias and strategy that routes to it, half-opens after the cool-down, then closes on a good trial
 * or opens again on a bad one. Each test has its own targets, so breakers never carry over.
 */
class BreakerLifecycleTest {

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    private static final int OPEN_MS = 1_000;

    private static final String MODELS = """
              - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
              - { alias: guarded, strategy: fallback, targets: [ { provider: mock, model: g-bad }, { provider: mock, model: g-good } ] }
              - { alias: lone, targets: [ { provider: mock, model: l-bad } ] }
              - { alias: shared-fb, strategy: fallback, targets: [ { provider: mock, model: sh-bad }, { provider: mock, model: sh-good } ] }
              - alias: shared-lb
                strategy: loadbalance
                targets: [ { provider: mock, model: sh-bad, weight: 1 }, { provider: mock, model: sh-other, weight: 0 } ]
              - alias: shared-cond
                strategy: conditional
                when: [ { if: "metadata.lane == 'x'", then: fast }, { else: shared-lb } ]
              - { alias: reopen, strategy: fallback, targets: [ { provider: mock, model: r-bad }, { provider: mock, model: r-good } ] }
              - { alias: recover, strategy: fallback, targets: [ { provider: mock, model: c-bad }, { provider: mock, model: c-good } ] }
              - { alias: picky, strategy: fallback, targets: [ { provider: mock, model: p-400 }, { provider: mock, model: p-good } ] }
              - { alias: dead, strategy: fallback, targets: [ { provider: down, model: d-gone }, { provider: mock, model: d-good } ] }
              - { alias: streamy, strategy: fallback, targets: [ { provider: mock, model: st-bad }, { provider: mock, model: st-good } ] }
              - { alias: brittle, strategy: fallback, targets: [ { provider: mock, model: br-bad }, { provider: mock, model: br-good } ] }
            """;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithModels(mock, tmp, MODELS,
                "breaker: { window: 4, minimum_calls: 4, failure_rate_percent: 50, open_ms: " + OPEN_MS + ", trial_calls: 1 }");
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

    private static HttpResponse<String> stream(String alias) {
        return gateway.post("/v1/chat/completions",
                "{\"model\":\"" + alias + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "authorization", TestGateway.bearer(TestGateway.KEY));
    }

    /** One line per receipt attempt: {@code model#attempt status error decision via}. */
    private static List<String> attempts(HttpResponse<String> response) {
        JsonNode receipt = gateway.receiptEventually(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), TestGateway.KEY);
        List<String> out = new ArrayList<>();
        receipt.get("attempts").forEach(a -> out.add(a.get("model").asText() + "#" + a.get("attempt").asInt() + " "
                + a.get("status").asInt() + " " + a.get("error").asText("-").replaceAll(":.*", "") + " " + a.get("decision").asText()
                + " " + a.get("via")));
        return out;
    }

    /** Fails {@code model} forever with 500 and sends {@code calls} requests through {@code alias}. */
    private static void openWith500s(String model, String alias, int calls) {
        mock.script(model, MockScript.steps().thenForever(b -> b.withStatus(500)));
        for (int i = 0; i < calls; i++) {
            chat(alias);
        }
        assertEquals(calls, mock.callCount(model));
    }

    @Test
    void should_skip_the_target_with_circuit_open_when_its_failure_rate_reaches_the_threshold() {
        openWith500s("g-bad", "guarded", 4);

        HttpResponse<String> response = chat("guarded");

        assertEquals(200, response.statusCode());
        assertEquals("mock/g-good", response.headers().firstValue("x-caravan-served-by").orElseThrow());
        assertEquals("1", response.headers().firstValue("x-caravan-attempts").orElseThrow());
        assertEquals(List.of("g-bad#0 0 circuit open skipped: circuit open [\"guarded(fallback)\"]",
                "g-good#1 200 - served [\"guarded(fallback)\"]"), attempts(response));
        assertEquals(4, mock.callCount("g-bad"), "an open circuit sends nothing upstream");
    }

    @Test
    void should_answer_503_targets_unavailable_when_the_only_target_is_open() {
        openWith500s("l-bad", "lone", 4);

        HttpResponse<String> response = chat("lone");

        assertEquals(503, response.statusCode());
        JsonNode error = TestGateway.json(response.body()).get("error");
        assertEquals("targets_unavailable", error.get("code").asText());
        assertEquals("api_error", error.get("type").asText());
        assertEquals("Every target of 'lone' is failing and paused (circuit open); retry shortly.", error.get("message").asText());
        assertEquals("0", response.headers().firstValue("x-caravan-attempts").orElseThrow());
        assertEquals(List.of("l-bad#0 0 circuit open skipped: circuit open [\"lone(single)\"]"), attempts(response));
    }

    @Test
    void should_skip_an_open_target_for_every_alias_and_strategy_that_routes_to_it() {
        openWith500s("sh-bad", "shared-fb", 4);

        HttpResponse<String> viaConditional = chat("shared-cond");

        assertEquals(503, viaConditional.statusCode());
        assertEquals(List.of("sh-bad#0 0 circuit open skipped: circuit open [\"shared-cond(conditional)\",\"shared-lb(loadbalance)\"]"),
                attempts(viaConditional));
        assertEquals(4, mock.callCount("sh-bad"));
        assertEquals(0, mock.callCount("sh-other"), "a weight-0 target is not a fallback of its pool");
    }

    @Test
    void should_open_again_when_the_half_open_trial_fails() {
        openWith500s("r-bad", "reopen", 4);
        assertEquals("r-bad#0 0 circuit open skipped: circuit open [\"reopen(fallback)\"]", attempts(chat("reopen")).get(0));

        List<String> trial = Poll.until(() -> attempts(chat("reopen")), a -> !a.get(0).contains("skipped"),
                Duration.ofSeconds(10), () -> "the circuit never half-opened");
        HttpResponse<String> afterTrial = chat("reopen");

        assertEquals("r-bad#1 500 http 500 fallback: status 500 [\"reopen(fallback)\"]", trial.get(0));
        assertEquals("r-bad#0 0 circuit open skipped: circuit open [\"reopen(fallback)\"]", attempts(afterTrial).get(0));
        assertEquals(5, mock.callCount("r-bad"), "four calls to open it, one trial");
    }

    @Test
    void should_close_when_the_half_open_trial_succeeds() {
        openWith500s("c-bad", "recover", 4);
        mock.script("c-bad", MockScript.steps().thenForever(b -> b));

        List<String> trial = Poll.until(() -> attempts(chat("recover")), a -> !a.get(0).contains("skipped"),
                Duration.ofSeconds(10), () -> "the circuit never half-opened");
        mock.script("c-bad", MockScript.steps().thenForever(b -> b.withStatus(500)));
        HttpResponse<String> afterClose = chat("recover");

        assertEquals(List.of("c-bad#1 200 - served [\"recover(fallback)\"]"), trial);
        assertEquals("c-bad#1 500 http 500 fallback: status 500 [\"recover(fallback)\"]", attempts(afterClose).get(0),
                "a closed circuit sends the next call upstream again");
    }

    @Test
    void should_stay_closed_when_the_target_answers_the_clients_own_400s() {
        mock.script("p-400", MockScript.steps().thenForever(b -> b.withStatus(400)));
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = chat("picky");
            assertEquals(400, response.statusCode());
            assertEquals(List.of("p-400#1 400 http 400 failed: status 400 [\"picky(fallback)\"]"), attempts(response));
        }
        assertEquals(6, mock.callCount("p-400"));
    }

    @Test
    void should_open_on_connect_errors_when_the_provider_is_unreachable() {
        for (int i = 0; i < 4; i++) {
            assertEquals("d-gone#1 0 connect_error fallback: connect_error [\"dead(fallback)\"]", attempts(chat("dead")).get(0));
        }

        assertEquals(List.of("d-gone#0 0 circuit open skipped: circuit open [\"dead(fallback)\"]", "d-good#1 200 - served [\"dead(fallback)\"]"),
                attempts(chat("dead")));
    }

    @Test
    void should_skip_an_open_target_and_stream_from_the_next_when_streaming() {
        openWith500s("st-bad", "streamy", 4);

        HttpResponse<String> response = stream("streamy");

        assertEquals(200, response.statusCode());
        assertTrue(response.body().endsWith("data: [DONE]\n\n"), response.body());
        assertEquals("mock/st-good", response.headers().firstValue("x-caravan-served-by").orElseThrow());
        assertEquals(List.of("st-bad#0 0 circuit open skipped: circuit open [\"streamy(fallback)\"]",
                "st-good#1 200 - served [\"streamy(fallback)\"]"), attempts(response));
    }

    @Test
    void should_open_when_streams_keep_breaking_after_the_first_byte() {
        mock.script("br-bad", MockScript.steps().thenForever(b -> b.withChunks(4).withResetAfter(1)));
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> broken = stream("brittle");
            assertTrue(broken.body().contains("upstream_stream_error"), broken.body());
            assertEquals(List.of("br-bad#1 200 stream_interrupted served [\"brittle(fallback)\"]"), attempts(broken));
        }

        HttpResponse<String> response = stream("brittle");

        assertTrue(response.body().endsWith("data: [DONE]\n\n"), response.body());
        assertEquals(List.of("br-bad#0 0 circuit open skipped: circuit open [\"brittle(fallback)\"]",
                "br-good#1 200 - served [\"brittle(fallback)\"]"), attempts(response));
        assertEquals(4, mock.callCount("br-bad"));
    }
}
