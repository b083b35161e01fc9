package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockBehavior;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.logging.SecretScrubber;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the request log stores, through real HTTP: a gateway with the bundled {@code redaction-pii}
 * plugin (from the distribution's plugins folder), the mock upstream echoing the prompt (so the
 * response carries the same data as the request), and one tenant per logging mode.
 */
class RequestLogPrivacyTest {

    static final String FULL_KEY = "sk-test-caravan-full-0001";
    static final String DNT_KEY = "sk-test-caravan-dntkey-0001";
    static final String QUIET_KEY = "sk-test-caravan-quiet-0001";
    static final String OTHER_KEY = "sk-test-caravan-other-0001";
    static final String PROVIDER_KEY = "sk-upstream-secret-123";
    /** One value of each kind the pii redactor knows; the card passes Luhn. */
    static final List<String> PII = List.of("jane.doe@example.com", "+1 415 555 0132", "4111 1111 1111 1111",
            "DE89370400440532013000", "536-22-8142", "10.20.30.40", "2001:db8::7", "sk-" + "proj-" + "Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4");

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults().withDefaultBehavior(MockBehavior.defaults().withOverride("echo", "true")));
        String extra = """
                  - { name: full, key: "%s", tenant: beta }
                  - { name: dntkey, key: "%s", tenant: beta, do_not_track: true }
                  - { name: quiet, key: "%s", tenant: quiet }
                  - { name: other, key: "%s", tenant: unlisted }
                logging: { flush_interval_ms: 20 }
                tenants:
                  - { id: acme, logging: redacted, redactors: [pii], retention_days: 30 }
                  - { id: beta, logging: full }
                  - { id: quiet, logging: full, do_not_track: true, guardrails: [ { plugin: pii, on: [request], action: redact } ] }
                breaker: { window: 10000, minimum_calls: 10000 }
                """.formatted(FULL_KEY, DNT_KEY, QUIET_KEY, OTHER_KEY);
        gateway = TestGateway.startWithModelsAndAdmin(mock, tmp,
                "  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }", extra);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    static String chat(String key, String content, boolean stream, String... headers) {
        String body = TestGateway.JSON.createObjectNode().put("model", "fast").put("stream", stream)
                .set("messages", TestGateway.JSON.createArrayNode().add(
                        TestGateway.JSON.createObjectNode().put("role", "user").put("content", content))).toString();
        String[] all = new String[headers.length + 2];
        all[0] = "authorization";
        all[1] = TestGateway.bearer(key);
        System.arraycopy(headers, 0, all, 2, headers.length);
        HttpResponse<String> response = gateway.post("/v1/chat/completions", body, all);
        assertEquals(200, response.statusCode(), response.body());
        String traceId = response.headers().firstValue("x-caravan-trace-id").orElseThrow();
        if (stream) {
            gateway.receiptEventually(traceId, key); // a stream hands its log over after the last byte
        }
        return traceId;
    }

    /**
     * The stored log of {@code traceId}. A stream's log is submitted once its last byte has gone
     * out, which may be just after the client read it: flush and ask until it is there.
     */
    static JsonNode storedLog(String traceId) {
        HttpResponse<String> response = Poll.until(() -> {
            assertTrue(gateway.gateway().flushRequestLogs(Duration.ofSeconds(10)), "request logs not flushed");
            return gateway.get("/admin/v1/logs/" + traceId, "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN));
        }, r -> r.statusCode() != 404, Duration.ofSeconds(10), () -> "no request log " + traceId);
        assertEquals(200, response.statusCode(), response.body());
        return TestGateway.json(response.body());
    }

    @Test
    void should_store_none_of_each_pii_kind_when_tenant_logs_redacted() {
        String traceId = chat(TestGateway.KEY, "Contact: " + String.join(" / ", PII), false);
        JsonNode log = storedLog(traceId);
        assertEquals("redacted", log.get("mode").asText());
        String stored = log.get("request_body").asText() + log.get("response_body").asText();
        for (String value : PII) {
            assertFalse(stored.contains(value), "stored bodies still contain " + value + ": " + stored);
        }
        assertTrue(stored.contains("[EMAIL]") && stored.contains("[CREDIT_CARD]"), stored);
        assertEquals(2, log.get("redactions").get("email").asInt(), log.toString()); // request and echoed response
    }

    @Test
    void should_redact_the_streamed_answer_when_tenant_logs_redacted() {
        String traceId = chat(TestGateway.KEY, "mail me at jane.doe@example.com please", true);
        JsonNode log = storedLog(traceId);
        String answer = log.get("response_body").asText();
        assertTrue(answer.contains("mail me at [EMAIL] please"), answer);
        assertFalse(answer.contains("jane.doe"), answer);
    }

    @Test
    void should_store_bodies_as_sent_when_tenant_logs_full() {
        String traceId = chat(FULL_KEY, "my mail is jane.doe@example.com", false);
        JsonNode log = storedLog(traceId);
        assertEquals("full", log.get("mode").asText());
        assertTrue(log.get("request_body").asText().contains("my mail is jane.doe@example.com"), log.toString());
        assertTrue(log.get("response_body").asText().contains("my mail is jane.doe@example.com"), log.toString());
        assertTrue(log.get("do_not_track").isNull());
    }

    @Test
    void should_store_the_accumulated_answer_when_a_full_tenant_streams() {
        String traceId = chat(FULL_KEY, "stream this answer back", true);
        JsonNode log = storedLog(traceId);
        assertEquals("stream this answer back", log.get("response_body").asText());
        assertFalse(log.get("truncated").asBoolean());
    }

    @Test
    void should_never_store_provider_or_virtual_keys_when_the_body_contains_them() {
        String traceId = chat(FULL_KEY, "upstream key " + PROVIDER_KEY + " and mine " + FULL_KEY + " and the admin's "
                + TestGateway.ADMIN_TOKEN, false);
        JsonNode log = storedLog(traceId);
        String stored = log.toString();
        assertFalse(stored.contains(PROVIDER_KEY) || stored.contains(FULL_KEY) || stored.contains(TestGateway.ADMIN_TOKEN), stored);
        assertTrue(log.get("request_body").asText().contains("upstream key " + SecretScrubber.MASK), stored);
        assertEquals(6, log.get("redactions").get("secret").asInt(), stored); // three in the request, three echoed back
    }

    @Test
    void should_store_no_bodies_when_tenant_is_metadata_only() {
        String traceId = chat(OTHER_KEY, "my mail is jane.doe@example.com", false);
        JsonNode log = storedLog(traceId);
        assertEquals("metadata_only", log.get("mode").asText());
        assertTrue(log.get("request_body").isNull() && log.get("response_body").isNull(), log.toString());
    }

    @Test
    void should_store_no_bodies_when_the_request_says_do_not_track() {
        String traceId = chat(FULL_KEY, "private", false, "x-caravan-do-not-track", "true");
        JsonNode log = storedLog(traceId);
        assertEquals("header", log.get("do_not_track").asText());
        assertTrue(log.get("request_body").isNull() && log.get("response_body").isNull(), log.toString());
    }

    @Test
    void should_store_no_bodies_when_the_key_is_do_not_track() {
        JsonNode log = storedLog(chat(DNT_KEY, "private", true));
        assertEquals("key", log.get("do_not_track").asText());
        assertTrue(log.get("request_body").isNull() && log.get("response_body").isNull(), log.toString());
    }

    @Test
    void should_store_no_bodies_when_the_tenant_is_do_not_track() {
        JsonNode log = storedLog(chat(QUIET_KEY, "private", false));
        assertEquals("tenant", log.get("do_not_track").asText());
        assertTrue(log.get("request_body").isNull() && log.get("response_body").isNull(), log.toString());
    }

    @Test
    void should_keep_the_receipt_when_the_request_is_do_not_track() {
        String traceId = chat(FULL_KEY, "private", false, "x-caravan-do-not-track", "true");
        JsonNode receipt = gateway.receipt(traceId, FULL_KEY);
        assertEquals(200, receipt.get("status").asInt());
        assertTrue(receipt.get("completion_tokens").asLong() > 0, receipt.toString());
    }

    @Test
    void should_answer_400_naming_the_header_when_do_not_track_is_not_a_boolean() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "authorization", TestGateway.bearer(FULL_KEY), "x-caravan-do-not-track", "maybe");
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("x-caravan-do-not-track"), response.body());
    }

    @Test
    void should_answer_404_when_no_log_has_the_trace_id() {
        HttpResponse<String> response = gateway.get("/admin/v1/logs/no-such-trace", "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN));
        assertEquals(404, response.statusCode(), response.body());
        assertTrue(response.body().contains("log_not_found"), response.body());
    }

    @Test
    void should_refuse_logs_without_the_admin_token() {
        HttpResponse<String> response = gateway.get("/admin/v1/logs/any", "authorization", TestGateway.bearer(FULL_KEY));
        assertEquals(401, response.statusCode(), response.body());
    }
}
