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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fallback, retry, load balancing, conditional routing and circuit breaking through the real
 * gateway, with faults scripted per upstream model on the mock; each test asserts the response
 * and the receipt's attempts.
 */
class RoutingTest {

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    private static final String MODELS = """
              - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
              - alias: smart
                strategy: fallback
                targets: [ { provider: mock, model: primary }, { provider: mock, model: secondary } ]
              - alias: client-fault
                strategy: fallback
                targets: [ { provider: mock, model: cf-primary }, { provider: mock, model: cf-secondary } ]
              - alias: retrying
                strategy: fallback
                retry: { attempts: 2, backoff_ms: 1, max_backoff_ms: 5 }
                targets: [ { provider: mock, model: r-primary }, { provider: mock, model: r-secondary } ]
              - alias: exhausting
                strategy: fallback
                retry: { attempts: 1, backoff_ms: 1, max_backoff_ms: 5 }
                targets: [ { provider: mock, model: x-primary }, { provider: mock, model: x-secondary } ]
              - alias: pool
                strategy: loadbalance
                targets: [ { provider: mock, model: lb-a, weight: 3 }, { provider: mock, model: lb-b, weight: 1 } ]
              - alias: sticky-pool
                strategy: loadbalance
                sticky: metadata.user
                targets: [ { provider: mock, model: s-a }, { provider: mock, model: s-b } ]
              - alias: nested
                strategy: fallback
                targets: [ { provider: down, model: gone }, { alias: pool } ]
              - alias: timeouts
                strategy: fallback
                targets: [ { provider: mock, model: t-hang, timeout_ms: 200 }, { provider: mock, model: t-ok } ]
              - alias: resets
                strategy: fallback
                targets: [ { provider: mock, model: reset-body }, { provider: mock, model: reset-ok } ]
              - alias: streams
                strategy: fallback
                targets: [ { provider: mock, model: st-primary }, { provider: mock, model: st-secondary } ]
              - alias: tiered
                strategy: conditional
                when:
                  - { if: "metadata.tier == 'gold'", then: smart }
                  - { else: fast }
              - alias: guarded
                strategy: fallback
                targets: [ { provider: mock, model: b-bad }, { provider: mock, model: b-good } ]
            """;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithModels(mock, tmp, MODELS,
                """
                breaker: { window: 4, minimum_calls: 4, failure_rate_percent: 50, open_ms: 400, trial_calls: 1 }
                saved_routes:
                  - { id: canary-7, strategy: fallback, targets: [ { provider: mock, model: canary-model }, { alias: fast } ] }
                """);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    private static HttpResponse<String> chat(String alias, String... headers) {
        List<String> all = new ArrayList<>(List.of("authorization", TestGateway.bearer(TestGateway.KEY)));
        all.addAll(List.of(headers));
        return gateway.post("/v1/chat/completions",
                "{\"model\":\"" + alias + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", all.toArray(String[]::new));
    }

    private static JsonNode attempts(HttpResponse<String> response) {
        return gateway.receipt(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), TestGateway.KEY).get("attempts");
    }

    private static List<String> decisions(JsonNode attempts) {
        List<String> out = new ArrayList<>();
        attempts.forEach(a -> out.add(a.get("model").asText() + "#" + a.get("attempt").asInt() + " " + a.get("decision").asText()));
        return out;
    }

    private static String servedBy(HttpResponse<String> response) {
        return response.headers().firstValue("x-caravan-served-by").orElse("");
    }

    @Test
    void should_fall_back_to_the_next_target_when_the_first_answers_503() {
        mock.script("primary", MockScript.steps().thenForever(b -> b.withStatus(503)));

        HttpResponse<String> response = chat("smart");

        assertEquals(200, response.statusCode());
        assertEquals("mock/secondary", servedBy(response));
        assertEquals("2", response.headers().firstValue("x-caravan-attempts").orElseThrow());
        assertEquals(List.of("primary#1 fallback: status 503", "secondary#1 served"), decisions(attempts(response)));
        assertEquals("smart(fallback)", attempts(response).get(0).get("via").get(0).asText());
    }

    @Test
    void should_return_the_client_error_without_fallback_when_the_upstream_answers_400() {
        mock.script("cf-primary", MockScript.steps().thenForever(b -> b.withStatus(400)));

        HttpResponse<String> response = chat("client-fault");

        assertEquals(400, response.statusCode());
        assertEquals(List.of("cf-primary#1 failed: status 400"), decisions(attempts(response)));
        assertEquals(0, mock.callCount("cf-secondary"));
    }

    @Test
    void should_retry_the_same_target_before_serving_when_it_recovers() {
        mock.script("r-primary", MockScript.steps().then(2, b -> b.withStatus(503)).thenForever(b -> b));

        HttpResponse<String> response = chat("retrying");

        assertEquals("mock/r-primary", servedBy(response));
        assertEquals(List.of("r-primary#1 retry: status 503", "r-primary#2 retry: status 503", "r-primary#3 served"),
                decisions(attempts(response)));
    }

    @Test
    void should_fall_back_when_retries_are_exhausted() {
        mock.script("x-primary", MockScript.steps().thenForever(b -> b.withStatus(502)));

        HttpResponse<String> response = chat("exhausting");

        assertEquals("mock/x-secondary", servedBy(response));
        assertEquals(List.of("x-primary#1 retry: status 502", "x-primary#2 fallback: status 502", "x-secondary#1 served"),
                decisions(attempts(response)));
    }

    @Test
    void should_fall_back_through_a_nested_alias_when_the_connection_is_refused() {
        HttpResponse<String> response = chat("nested");

        assertEquals(200, response.statusCode());
        JsonNode attempts = attempts(response);
        assertEquals("fallback: connect_error", attempts.get(0).get("decision").asText());
        assertEquals("served", attempts.get(1).get("decision").asText());
        assertEquals("[\"nested(fallback)\",\"pool(loadbalance)\"]", attempts.get(1).get("via").toString());
    }

    @Test
    void should_fall_back_when_a_target_exceeds_its_own_timeout() {
        mock.script("t-hang", MockScript.steps().thenForever(b -> b.withHang(true)));

        HttpResponse<String> response = chat("timeouts");

        assertEquals("mock/t-ok", servedBy(response));
        assertEquals(List.of("t-hang#1 fallback: timeout", "t-ok#1 served"), decisions(attempts(response)));
    }

    @Test
    void should_fall_back_when_the_connection_resets_mid_body() {
        mock.script("reset-body", MockScript.steps().thenForever(b -> b.withResetAfter(10)));

        HttpResponse<String> response = chat("resets");

        assertEquals("mock/reset-ok", servedBy(response));
        assertTrue(attempts(response).get(0).get("decision").asText().startsWith("fallback: io_error"), attempts(response).toString());
    }

    @Test
    void should_fall_back_before_the_first_byte_when_streaming() {
        mock.script("st-primary", MockScript.steps().thenForever(b -> b.withStatus(503)));

        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"streams\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(200, response.statusCode());
        assertTrue(response.body().endsWith("data: [DONE]\n\n"));
        JsonNode receipt = gateway.receiptEventually(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), TestGateway.KEY);
        assertEquals(List.of("st-primary#1 fallback: status 503", "st-secondary#1 served"), decisions(receipt.get("attempts")));
    }

    @Test
    void should_end_the_stream_with_an_error_and_not_fall_back_after_the_first_byte() {
        mock.script("st-primary", MockScript.steps().thenForever(b -> b.withChunks(6).withResetAfter(2)));
        long secondaryBefore = mock.callCount("st-secondary");

        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"streams\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertTrue(response.body().contains("upstream_stream_error"), response.body());
        JsonNode receipt = gateway.receiptEventually(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), TestGateway.KEY);
        assertEquals(1, receipt.get("attempts").size());
        assertTrue(receipt.get("attempts").get(0).get("error").asText().startsWith("stream_interrupted"), receipt.toString());
        assertEquals(secondaryBefore, mock.callCount("st-secondary"), "no fallback after the first byte");
        mock.removeScript("st-primary");
    }

    @Test
    void should_spread_requests_by_weight_when_load_balancing() {
        Map<String, Integer> served = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            served.merge(servedBy(chat("pool")), 1, Integer::sum);
        }
        int a = served.getOrDefault("mock/lb-a", 0);
        assertEquals(1000, a + served.getOrDefault("mock/lb-b", 0));
        assertTrue(a > 690 && a < 810, "weight 3:1 should give ~750 of 1000 to lb-a, got " + a);
    }

    @Test
    void should_keep_a_caller_on_one_target_when_sticky() {
        String first = servedBy(chat("sticky-pool", "x-caravan-metadata", "{\"user\":\"u-42\"}"));
        for (int i = 0; i < 20; i++) {
            assertEquals(first, servedBy(chat("sticky-pool", "x-caravan-metadata", "{\"user\":\"u-42\"}")));
        }
        java.util.Set<String> spread = new java.util.HashSet<>();
        for (int i = 0; i < 40; i++) {
            spread.add(servedBy(chat("sticky-pool", "x-caravan-metadata", "{\"user\":\"u-" + i + "\"}")));
        }
        assertEquals(2, spread.size(), "different callers should reach both targets");
    }

    @Test
    void should_route_by_metadata_when_conditional() {
        assertEquals("mock/primary", servedBy(chat("tiered", "x-caravan-metadata", "{\"tier\":\"gold\"}")));
        assertEquals("mock/gpt-4o-mini", servedBy(chat("tiered", "x-caravan-metadata", "{\"tier\":\"free\"}")));
        assertEquals("mock/gpt-4o-mini", servedBy(chat("tiered")));
    }

    @Test
    void should_open_skip_half_open_and_recover_a_failing_target() {
        mock.script("b-bad", MockScript.steps().thenForever(b -> b.withStatus(500)));
        for (int i = 0; i < 4; i++) {
            assertEquals("mock/b-good", servedBy(chat("guarded")));
        }
        assertEquals(4, mock.callCount("b-bad"));

        HttpResponse<String> skipped = chat("guarded");
        assertEquals(List.of("b-bad#0 skipped: circuit open", "b-good#1 served"), decisions(attempts(skipped)));
        assertEquals(4, mock.callCount("b-bad"), "an open circuit sends nothing upstream");
        assertEquals("1", skipped.headers().firstValue("x-caravan-attempts").orElseThrow());

        mock.script("b-bad", MockScript.steps().thenForever(b -> b));
        String recovered = Poll.until(() -> servedBy(chat("guarded")), "mock/b-bad"::equals, Duration.ofSeconds(10),
                () -> "circuit never half-opened and recovered");
        assertEquals("mock/b-bad", recovered);
        assertEquals("mock/b-bad", servedBy(chat("guarded")));
    }

    @Test
    void should_route_by_the_saved_route_named_in_the_header() {
        HttpResponse<String> response = chat("fast", "x-caravan-route", "canary-7");

        assertEquals("mock/canary-model", servedBy(response));
        JsonNode receipt = gateway.receipt(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), TestGateway.KEY);
        assertEquals("route:canary-7/fallback", receipt.get("strategy").asText());
        assertEquals("fast", receipt.get("alias").asText());
    }

    @Test
    void should_return_400_when_the_saved_route_is_unknown() {
        HttpResponse<String> response = chat("fast", "x-caravan-route", "canary-0");

        assertEquals(400, response.statusCode());
        assertEquals("x-caravan-route", TestGateway.json(response.body()).get("error").get("param").asText());
    }

    @Test
    void should_show_each_alias_strategy_in_the_models_list() {
        JsonNode models = TestGateway.json(gateway.get("/v1/models", "authorization", TestGateway.bearer(TestGateway.KEY)).body());
        Map<String, String> strategies = new HashMap<>();
        models.get("data").forEach(m -> strategies.put(m.get("id").asText(), m.get("caravan").get("strategy").asText()));
        assertEquals("fallback", strategies.get("smart"));
        assertEquals("loadbalance", strategies.get("pool"));
        assertEquals("conditional", strategies.get("tiered"));
    }
}
