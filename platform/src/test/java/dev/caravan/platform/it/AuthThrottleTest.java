package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Credential guessing through the real gateway: failed authentications per source address and per
 * key prefix, the 429 in each API shape, the meters and the audit entry. Requests come from distinct
 * loopback addresses ({@code 127.0.0.x}, all this host) so each test has sources of its own; limits
 * are small here (3 per source, 4 per prefix) and the real defaults are tested in
 * {@link AuthThrottleDefaultsTest}.
 */
class AuthThrottleTest {

    static final String MODELS = "- { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }";
    static final String CHAT = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String MESSAGES = "{\"model\":\"fast\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        tmp = Files.createTempDirectory("caravan-auth-throttle");
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithModelsAndAdmin(mock, tmp, MODELS,
                "auth_throttle: { source_failures: 3, prefix_failures: 4, window_ms: 60000, cooldown_ms: 60000 }");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    /** One keep-alive connection from {@code source}, as a guesser would hold it. */
    static RawHttp from(String source) {
        return new RawHttp(gateway.baseUrl(), source);
    }

    static RawHttp.Answer chat(RawHttp connection, String key) {
        return post(connection, "/v1/chat/completions", "Authorization: Bearer " + key, CHAT);
    }

    static RawHttp.Answer messages(RawHttp connection, String key) {
        return post(connection, "/v1/messages", "x-api-key: " + key + "\r\nanthropic-version: 2023-06-01", MESSAGES);
    }

    static RawHttp.Answer post(RawHttp connection, String path, String auth, String body) {
        return connection.send("POST " + path + " HTTP/1.1\r\nHost: gateway\r\n" + auth + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body).read();
    }

    static RawHttp.Answer admin(RawHttp connection, String token) {
        return connection.send("GET /admin/v1/audit?limit=1 HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer " + token + "\r\n\r\n").read();
    }

    static String header(RawHttp.Answer answer, String name) {
        for (String line : answer.head().split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** {@code times} unknown keys, each with its own prefix, every one refused 401. */
    static void guess(RawHttp connection, String tag, int times) {
        for (int i = 0; i < times; i++) {
            RawHttp.Answer answer = chat(connection, "sk-guess-" + tag + "-" + i + "-0123456789abcdef");
            assertEquals(401, answer.status(), answer.body());
        }
    }

    static void assertThrottled(RawHttp.Answer answer) {
        assertEquals(429, answer.status(), answer.head() + answer.body());
        long retryAfter = Long.parseLong(header(answer, "retry-after"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After: " + retryAfter);
        assertNotNull(header(answer, "x-caravan-trace-id"), answer.head());
    }

    @Test
    void should_answer_429_in_the_openai_shape_with_retry_after_when_a_source_failed_too_often() {
        RawHttp connection = from("127.0.0.11");
        guess(connection, "a", 3);

        RawHttp.Answer answer = chat(connection, "sk-guess-a-next-0123456789abcdef");

        assertThrottled(answer);
        JsonNode error = TestGateway.json(answer.body()).path("error");
        assertEquals("requests", error.path("type").asText(), answer.body());
        assertEquals("auth_throttled", error.path("code").asText(), answer.body());
        assertTrue(error.path("message").asText().contains("retry after"), answer.body());
    }

    @Test
    void should_answer_429_in_the_anthropic_shape_when_a_source_failed_too_often_on_messages() {
        RawHttp connection = from("127.0.0.12");
        for (int i = 0; i < 3; i++) {
            assertEquals(401, messages(connection, "sk-ant-guess-" + i + "-0123456789abcdef").status());
        }

        RawHttp.Answer answer = messages(connection, "sk-ant-guess-next-0123456789abcdef");

        assertThrottled(answer);
        JsonNode body = TestGateway.json(answer.body());
        assertEquals("error", body.path("type").asText(), answer.body());
        assertEquals("rate_limit_error", body.path("error").path("type").asText(), answer.body());
    }

    @Test
    void should_refuse_a_valid_key_when_its_source_is_throttled() {
        RawHttp connection = from("127.0.0.13");
        guess(connection, "b", 3);

        assertThrottled(chat(connection, TestGateway.KEY));
    }

    @Test
    void should_serve_a_valid_key_from_another_source_when_one_source_is_throttled() {
        RawHttp guesser = from("127.0.0.14");
        guess(guesser, "c", 3);
        assertThrottled(chat(guesser, TestGateway.KEY));

        RawHttp.Answer answer = chat(from("127.0.0.15"), TestGateway.KEY);

        assertEquals(200, answer.status(), answer.body());
    }

    @Test
    void should_throttle_a_key_prefix_whatever_the_source_when_its_guesses_come_from_many_sources() {
        String prefix = "sk-cvn-Pfx01";
        for (int i = 0; i < 4; i++) {
            RawHttp.Answer answer = chat(from("127.0.1." + (i + 1)), prefix + "guess" + i + "abcdefghijklmnopqrstuvwxyz0123");
            assertEquals(401, answer.status(), answer.body());
        }

        assertThrottled(chat(from("127.0.1.9"), prefix + "another-guess-abcdefghijklmnopqrstuvwxyz"));
    }

    @Test
    void should_serve_a_valid_key_from_the_same_source_when_only_another_prefix_is_throttled() {
        String prefix = "sk-cvn-Pfx02";
        for (int i = 0; i < 4; i++) {
            chat(from("127.0.2." + (i + 1)), prefix + "guess" + i + "abcdefghijklmnopqrstuvwxyz0123");
        }
        assertThrottled(chat(from("127.0.2.1"), prefix + "another-guess-abcdefghijklmnopqrstuvwxyz"));

        RawHttp.Answer answer = chat(from("127.0.2.1"), TestGateway.KEY);

        assertEquals(200, answer.status(), answer.body());
    }

    @Test
    void should_count_a_malformed_key_against_its_source_when_it_fails() {
        RawHttp connection = from("127.0.0.16");
        for (int i = 0; i < 3; i++) {
            // Longer than any key can be: refused without a look-up, counted all the same.
            assertEquals(401, chat(connection, i + "x".repeat(600)).status());
        }

        assertThrottled(chat(connection, TestGateway.KEY));
    }

    @Test
    void should_count_a_revoked_key_as_a_failure_when_it_is_presented() {
        HttpResponse<String> revoked = gateway.send("POST", "/admin/v1/keys/limited/revoke", "",
                "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN));
        assertEquals(200, revoked.statusCode(), revoked.body());
        RawHttp connection = from("127.0.0.21");
        for (int i = 0; i < 3; i++) {
            assertEquals(401, chat(connection, TestGateway.LIMITED_KEY).status());
        }

        assertThrottled(chat(connection, TestGateway.KEY));
    }

    @Test
    void should_not_count_a_request_without_a_key_when_it_is_refused() {
        RawHttp connection = from("127.0.0.22");
        for (int i = 0; i < 6; i++) {
            assertEquals(401, post(connection, "/v1/chat/completions", "X-Nothing: here", CHAT).status());
        }

        assertEquals(200, chat(connection, TestGateway.KEY).status());
    }

    @Test
    void should_not_count_a_key_header_netty_cannot_decode_when_it_is_answered_on_the_wire() {
        for (int i = 0; i < 5; i++) {
            // A new connection each time: the gateway closes one whose header held a control character.
            RawHttp.Answer answer = chat(from("127.0.0.24"), "sk-bad\u0001key-" + i);
            assertEquals(401, answer.status(), answer.body());
        }

        assertEquals(200, chat(from("127.0.0.24"), TestGateway.KEY).status());
    }

    @Test
    void should_keep_refusing_a_throttled_source_when_it_sends_a_forwarding_header() {
        RawHttp connection = from("127.0.0.23");
        guess(connection, "f", 3);

        assertThrottled(post(connection, "/v1/chat/completions",
                "Authorization: Bearer " + TestGateway.KEY + "\r\nX-Forwarded-For: 198.51.100.7\r\nX-Real-IP: 198.51.100.7", CHAT));
    }

    @Test
    void should_answer_429_before_comparing_the_admin_token_when_a_source_sent_wrong_tokens_too_often() {
        RawHttp connection = from("127.0.0.17");
        for (int i = 0; i < 3; i++) {
            assertEquals(401, admin(connection, "adm-wrong-token-" + i + "-0123456789").status());
        }

        RawHttp.Answer answer = admin(connection, TestGateway.ADMIN_TOKEN);

        assertThrottled(answer);
        assertEquals("auth_throttled", TestGateway.json(answer.body()).path("error").path("code").asText(), answer.body());
    }

    @Test
    void should_count_failures_and_throttled_requests_by_kind_when_scraped() {
        PrometheusText before = scrape();
        RawHttp keys = from("127.0.0.18");
        guess(keys, "d", 3);
        assertThrottled(chat(keys, TestGateway.KEY));
        assertThrottled(chat(keys, TestGateway.KEY));
        RawHttp tokens = from("127.0.0.19");
        assertEquals(401, admin(tokens, "adm-wrong-token-metrics-0123456789").status());

        PrometheusText after = scrape();

        assertEquals(3, delta(before, after, "caravan_auth_failures_total", "kind", "virtual_key"));
        assertEquals(2, delta(before, after, "caravan_auth_throttled_total", "kind", "virtual_key"));
        assertEquals(1, delta(before, after, "caravan_auth_failures_total", "kind", "admin_token"));
    }

    @Test
    void should_write_one_audit_entry_naming_source_and_prefix_when_a_source_is_throttled() {
        RawHttp connection = from("127.0.0.20");
        guess(connection, "e", 2);
        String last = "sk-guess-e-last-0123456789abcdef";
        assertEquals(401, chat(connection, last).status());
        for (int i = 0; i < 5; i++) {
            assertThrottled(chat(connection, last));
        }

        List<JsonNode> entries = Poll.until(() -> audited("source:127.0.0.20"), e -> !e.isEmpty(), Duration.ofSeconds(10),
                () -> "no auth.throttled entry");
        Poll.holdsFor(() -> audited("source:127.0.0.20").size(), n -> n == 1, Duration.ofMillis(300), () -> "not one entry");

        JsonNode entry = entries.get(0);
        assertEquals("system:auth_throttle", entry.path("actor").asText(), entry.toString());
        JsonNode after = entry.path("after");
        assertEquals("virtual_key", after.path("kind").asText(), entry.toString());
        assertEquals("127.0.0.20", after.path("source").asText(), entry.toString());
        assertEquals("sk-guess-e-l", after.path("key_prefix").asText(), entry.toString());
        assertEquals(3, after.path("failures").asInt(), entry.toString());
        assertFalse(entry.toString().contains(last), entry.toString());
    }

    private static List<JsonNode> audited(String target) {
        HttpResponse<String> r = gateway.get("/admin/v1/audit?limit=1000&action=auth.throttled",
                "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN));
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> entries = new ArrayList<>();
        TestGateway.json(r.body()).path("data").forEach(e -> {
            if (e.path("target").asText().equals(target)) {
                entries.add(e);
            }
        });
        return entries;
    }

    private static PrometheusText scrape() {
        HttpResponse<String> r = gateway.get("/metrics");
        assertEquals(200, r.statusCode(), r.body());
        return PrometheusText.parse(r.body());
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
