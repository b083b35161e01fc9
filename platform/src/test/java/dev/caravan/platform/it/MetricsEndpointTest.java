package dev.caravan.platform.it;

import static dev.caravan.platform.it.TestGateway.KEY;
import static dev.caravan.platform.it.TestGateway.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} through the real gateway and mock upstream: each request counts once, with
 * bounded tags, from its receipt. The standard set-up has no {@code metrics} section: open endpoint.
 * The gateway is shared by the tests of this class, so each test compares scrapes before and after.
 */
class MetricsEndpointTest extends StandardGatewayTest {

    private static final String REQUESTS = "caravan_requests_total";

    private static PrometheusText scrape() {
        HttpResponse<String> response = gateway.get("/metrics");
        assertEquals(200, response.statusCode(), response.body());
        return PrometheusText.parse(response.body());
    }

    private static HttpResponse<String> chat(String alias, boolean stream) {
        String body = """
                {"model":"%s","stream":%s,"messages":[{"role":"user","content":"hi"}],
                 "mock":{"prompt_tokens":1000,"completion_tokens":500}}""".formatted(alias, stream);
        return gateway.post("/v1/chat/completions", body, "authorization", bearer(KEY), "content-type", "application/json");
    }

    /** Polls until the counter grew by {@code delta}: a stream records its receipt after its last byte. */
    private static PrometheusText awaitGrowth(double before, double delta, String name, String... labels) {
        return Poll.until(MetricsEndpointTest::scrape, s -> s.sum(name, labels) >= before + delta,
                Duration.ofSeconds(10), () -> name + " did not grow by " + delta);
    }

    @Test
    void should_answer_in_prometheus_text_format_when_scraped() {
        HttpResponse<String> response = gateway.get("/metrics");

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
        assertTrue(response.body().contains("# TYPE caravan_requests_total counter")
                || response.body().contains("# TYPE jvm_memory_used_bytes gauge"), response.body());
    }

    @Test
    void should_count_a_plain_request_once_with_its_tags_when_it_is_served() {
        String[] tags = {"endpoint", "/v1/chat/completions", "status_class", "2xx", "outcome", "success",
                "alias", "fast", "provider", "mock", "stream", "false"};
        double before = scrape().sum(REQUESTS, tags);

        assertEquals(200, chat("fast", false).statusCode());

        PrometheusText after = awaitGrowth(before, 1, REQUESTS, tags);
        assertEquals(before + 1, after.sum(REQUESTS, tags));
        assertEquals(before + 1, after.sum("caravan_request_duration_seconds_count", tags));
    }

    @Test
    void should_count_tokens_and_cost_of_the_served_model_when_a_request_is_priced() {
        PrometheusText before = scrape();
        String[] served = {"provider", "mock", "model", "gpt-4o-mini"};

        HttpResponse<String> response = chat("fast", false);
        JsonNode receipt = gateway.receiptEventually(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), KEY);

        PrometheusText after = awaitGrowth(before.sum("caravan_cost_usd_total", served),
                receipt.get("cost_usd").decimalValue().doubleValue(), "caravan_cost_usd_total", served);
        assertEquals(1000, after.sum("caravan_tokens_total", "kind", "prompt", "provider", "mock", "model", "gpt-4o-mini")
                - before.sum("caravan_tokens_total", "kind", "prompt", "provider", "mock", "model", "gpt-4o-mini"));
        assertEquals(500, after.sum("caravan_tokens_total", "kind", "completion", "provider", "mock", "model", "gpt-4o-mini")
                - before.sum("caravan_tokens_total", "kind", "completion", "provider", "mock", "model", "gpt-4o-mini"));
        // 1000 × 0.15 + 500 × 0.60 per million tokens
        assertEquals(0.00045, after.sum("caravan_cost_usd_total", served) - before.sum("caravan_cost_usd_total", served), 1e-12);
    }

    @Test
    void should_count_a_stream_once_when_its_last_byte_is_sent() {
        String[] tags = {"endpoint", "/v1/chat/completions", "status_class", "2xx", "alias", "fast", "provider", "mock",
                "stream", "true"};
        double before = scrape().sum(REQUESTS, tags);
        double servedBefore = scrape().sum("caravan_upstream_attempts_total", "provider", "mock", "decision", "served");

        HttpResponse<String> response = chat("fast", true);
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("data: [DONE]"), response.body());

        PrometheusText after = awaitGrowth(before, 1, REQUESTS, tags);
        assertEquals(before + 1, after.sum(REQUESTS, tags));
        assertEquals(servedBefore + 1, after.sum("caravan_upstream_attempts_total", "provider", "mock", "decision", "served"));
        assertEquals(0, after.sum("caravan_streams_active"));
    }

    @Test
    void should_count_the_scrape_itself_as_a_request_in_flight() {
        assertTrue(scrape().sum("caravan_requests_in_flight") >= 1, "the scrape's own request is in flight while it renders");
    }

    @Test
    void should_count_a_failed_attempt_and_a_5xx_request_when_the_upstream_is_down() {
        String[] tags = {"endpoint", "/v1/chat/completions", "status_class", "5xx", "outcome", "error",
                "alias", "nowhere", "provider", "none"};
        PrometheusText before = scrape();

        HttpResponse<String> response = chat("nowhere", false);
        assertEquals(5, response.statusCode() / 100, response.body());

        PrometheusText after = awaitGrowth(before.sum(REQUESTS, tags), 1, REQUESTS, tags);
        assertEquals(before.sum(REQUESTS, tags) + 1, after.sum(REQUESTS, tags));
        assertEquals(1, after.sum("caravan_upstream_attempts_total", "provider", "down")
                - before.sum("caravan_upstream_attempts_total", "provider", "down"));
        assertEquals(1, after.sum("caravan_upstream_attempts_total", "provider", "down", "decision", "failed")
                - before.sum("caravan_upstream_attempts_total", "provider", "down", "decision", "failed"));
    }

    @Test
    void should_count_a_401_under_its_route_path_when_the_key_is_wrong() {
        String[] tags = {"endpoint", "/v1/chat/completions", "status_class", "4xx", "alias", "none", "provider", "none"};
        double before = scrape().sum(REQUESTS, tags);

        HttpResponse<String> response = gateway.post("/v1/chat/completions", "{}", "authorization", bearer("sk-wrong-key-000000"));
        assertEquals(401, response.statusCode());

        assertEquals(before + 1, awaitGrowth(before, 1, REQUESTS, tags).sum(REQUESTS, tags));
    }

    @Test
    void should_tag_the_route_path_and_never_the_path_itself_when_a_path_carries_an_id() {
        String unknownTrace = "trc_metrics_cardinality_probe_0001";
        double before = scrape().sum(REQUESTS, "endpoint", "/v1/receipts", "status_class", "4xx");

        HttpResponse<String> response = gateway.get("/v1/receipts/" + unknownTrace, "authorization", bearer(KEY));
        assertEquals(404, response.statusCode(), response.body());

        PrometheusText after = awaitGrowth(before, 1, REQUESTS, "endpoint", "/v1/receipts", "status_class", "4xx");
        assertFalse(after.text().contains(unknownTrace), "a path segment leaked into a metric");
        assertTrue(after.samples().stream().noneMatch(s -> s.labels().containsKey("tenant")), "tenant tags are off by default");
    }

    @Test
    void should_publish_breaker_state_receipt_writer_and_jvm_meters_when_scraped() {
        chat("fast", false);
        PrometheusText metrics = Poll.until(MetricsEndpointTest::scrape,
                s -> !s.find("resilience4j_circuitbreaker_state", "name", "mock/gpt-4o-mini").isEmpty(),
                Duration.ofSeconds(10), () -> "no breaker meters");

        assertEquals(1, metrics.sum("resilience4j_circuitbreaker_state", "name", "mock/gpt-4o-mini", "state", "closed"));
        assertFalse(metrics.find("caravan_receipts_queue").isEmpty());
        assertFalse(metrics.find("caravan_receipts_written_total").isEmpty());
        assertTrue(metrics.sum("jvm_memory_used_bytes") > 0);
        assertFalse(metrics.find("jvm_gc_pause_seconds_count").isEmpty() && metrics.find("jvm_gc_memory_allocated_bytes_total").isEmpty());
        assertTrue(metrics.sum("jvm_threads_live_threads") > 0);
        assertFalse(metrics.find("process_cpu_usage").isEmpty());
        assertFalse(metrics.find("netty_allocator_memory_used").isEmpty());
    }
}
