package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockScript;
import dev.caravan.mock.MockUpstream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream answers the gateway must not take as they come: larger than the provider's
 * {@code max_response_bytes} (with a Content-Length, chunked, an endless SSE answer to a
 * non-streaming request), a 200 with JSON cut short, a stream event over {@code max_event_bytes},
 * a stream event that is not JSON. The mock generates the huge bodies as it sends them.
 */
class UpstreamAnswerLimitsTest {

    private static final long HUGE = 300L << 20; // 300 MiB offered; the gateway must read at most 64 KiB of it

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithProviders(mock, tmp,
                "- { id: tight, plugin: openai, base_url: \"" + mock.baseUrl() + "\", max_response_bytes: 64KiB, max_event_bytes: 16KiB }",
                """
                  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                  - { alias: huge-cl, targets: [ { provider: tight, model: huge-cl } ] }
                  - { alias: huge-chunked, targets: [ { provider: tight, model: huge-chunked } ] }
                  - { alias: endless, targets: [ { provider: tight, model: endless } ] }
                  - { alias: truncated, targets: [ { provider: tight, model: truncated } ] }
                  - { alias: huge-event, targets: [ { provider: tight, model: huge-event } ] }
                  - { alias: malformed, targets: [ { provider: tight, model: malformed } ] }
                  - alias: falls-back
                    strategy: fallback
                    targets: [ { provider: tight, model: fb-huge }, { provider: tight, model: fb-ok } ]
                """, "breaker: { window: 10000, minimum_calls: 10000 }");
        fault("huge-cl", "huge_json");
        fault("huge-chunked", "huge_json_chunked");
        fault("endless", "endless_sse");
        fault("truncated", "truncated_json");
        fault("huge-event", "huge_sse_event");
        fault("malformed", "malformed_sse");
        fault("fb-huge", "huge_json_chunked");
    }

    private static void fault(String model, String fault) {
        mock.script(model, MockScript.steps().thenForever(b -> b.with("fault", fault).with("fault_bytes", Long.toString(HUGE))));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    private static HttpResponse<String> chat(String alias, boolean stream) {
        return gateway.post("/v1/chat/completions", "{\"model\":\"" + alias + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "authorization", TestGateway.bearer(TestGateway.KEY));
    }

    private static JsonNode receipt(HttpResponse<String> response) {
        return gateway.receiptEventually(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), TestGateway.KEY);
    }

    private static void assertTooLarge(HttpResponse<String> response) {
        assertEquals(502, response.statusCode(), response.body());
        JsonNode error = TestGateway.json(response.body()).get("error");
        assertEquals("upstream_response_too_large", error.get("code").asText(), response.body());
        assertTrue(error.get("message").asText().contains("65536 bytes"), response.body());
        assertTrue(error.get("message").asText().contains("max_response_bytes"), response.body());
        JsonNode attempt = receipt(response).get("attempts").get(0);
        assertTrue(attempt.get("error").asText().startsWith("response_too_large"), attempt.toString());
    }

    private static void assertNextRequestServed() {
        HttpResponse<String> next = chat("fast", false);
        assertEquals(200, next.statusCode(), next.body());
    }

    @Test
    void should_answer_502_too_large_when_the_content_length_exceeds_max_response_bytes() {
        assertTooLarge(chat("huge-cl", false));
        assertNextRequestServed();
    }

    @Test
    void should_stop_reading_at_the_limit_when_a_chunked_answer_is_huge() {
        // Relative to what the shared test JVM already holds: other test classes leave their own heap behind.
        System.gc();
        long before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        for (int i = 0; i < 3; i++) { // 900 MiB offered in all
            assertTooLarge(chat("huge-chunked", false));
        }
        assertNextRequestServed();
        System.gc();
        long grown = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() - before;
        assertTrue(grown < HUGE / 4, "heap in use after GC grew by " + grown + " bytes");
    }

    @Test
    void should_bound_an_endless_sse_answer_when_the_request_was_not_streamed() {
        assertTooLarge(chat("endless", false));
        assertNextRequestServed();
    }

    @Test
    void should_answer_502_invalid_response_when_a_200_carries_truncated_json() {
        HttpResponse<String> response = chat("truncated", false);
        assertEquals(502, response.statusCode(), response.body());
        assertEquals("upstream_invalid_response", TestGateway.json(response.body()).get("error").get("code").asText());
        JsonNode attempt = receipt(response).get("attempts").get(0);
        assertTrue(attempt.get("error").asText().startsWith("invalid_response"), attempt.toString());
        assertNextRequestServed();
    }

    @Test
    void should_fall_back_to_the_next_target_when_an_answer_is_too_large() {
        HttpResponse<String> response = chat("falls-back", false);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("tight/fb-ok", response.headers().firstValue("x-caravan-served-by").orElse(""));
        JsonNode attempts = receipt(response).get("attempts");
        assertEquals("fallback: response too large", attempts.get(0).get("decision").asText(), attempts.toString());
    }

    @Test
    void should_end_the_stream_with_an_error_event_when_one_event_exceeds_max_event_bytes() {
        HttpResponse<String> response = chat("huge-event", true);
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("max_event_bytes"), response.body());
        assertFalse(response.body().contains("[DONE]"), response.body());
        assertTrue(response.body().length() < 64 * 1024, "body length " + response.body().length());
        JsonNode attempt = receipt(response).get("attempts").get(0);
        assertTrue(attempt.get("error").asText().startsWith("event_too_large"), attempt.toString());
        assertNextRequestServed();
    }

    @Test
    void should_not_relay_an_event_whose_data_is_not_json() {
        HttpResponse<String> response = chat("malformed", true);
        assertEquals(200, response.statusCode());
        String body = response.body();
        assertTrue(body.contains("\"role\":\"assistant\""), body); // the event before it went out
        assertFalse(body.contains("\"choices\":[{\"delta\":"), body); // the broken one did not
        assertTrue(body.contains("not valid JSON"), body);
        assertFalse(body.contains("[DONE]"), body);
        JsonNode attempt = receipt(response).get("attempts").get(0);
        assertTrue(attempt.get("error").asText().startsWith("invalid_event"), attempt.toString());
    }
}
