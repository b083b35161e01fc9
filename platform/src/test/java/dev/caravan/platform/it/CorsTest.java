package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cors:} on the raw wire: preflights answered before authentication, refused with 403 and no
 * CORS headers for an origin, method or header not allowed; every answer to an allowed origin
 * (success, 401, SSE stream) carries Access-Control-Allow-Origin, and every answer Vary: Origin.
 */
class CorsTest {

    private static final String APP = "https://app.example.com";
    private static final String CHAT = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM = "{\"model\":\"fast\",\"stream\":true,\"mock\":{\"chunks\":3},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void startGateway() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithModels(mock, tmp, "  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }",
                "cors: { enabled: true, allowed_origins: [ \"" + APP + "\", \"http://localhost:5173\" ], allow_credentials: true,"
                        + " max_age_seconds: 300 }");
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
        mock.close();
    }

    private static String preflight(String origin, String method, String headers) {
        return "OPTIONS /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nOrigin: " + origin
                + "\r\nAccess-Control-Request-Method: " + method + "\r\nAccess-Control-Request-Headers: " + headers + "\r\n\r\n";
    }

    private static String post(String origin, String key, String body) {
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nOrigin: " + origin + "\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static String header(RawHttp.Answer answer, String name) {
        for (String line : answer.head().split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    @Test
    void should_answer_204_with_the_cors_headers_without_credentials_when_the_origin_is_allowed() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            RawHttp.Answer answer = raw.send(preflight(APP, "POST",
                    "authorization, content-type, x-stainless-retry-count, anthropic-dangerous-direct-browser-access")).read();

            assertEquals(204, answer.status(), answer.head() + answer.body());
            assertEquals(APP, header(answer, "access-control-allow-origin"));
            assertEquals("GET, POST, DELETE", header(answer, "access-control-allow-methods"));
            assertEquals("authorization, content-type, x-stainless-retry-count, anthropic-dangerous-direct-browser-access",
                    header(answer, "access-control-allow-headers"));
            assertEquals("300", header(answer, "access-control-max-age"));
            assertEquals("true", header(answer, "access-control-allow-credentials"));
            assertTrue(header(answer, "vary").toLowerCase(Locale.ROOT).contains("origin"), answer.head());
        }
    }

    @Test
    void should_serve_the_actual_request_on_the_same_connection_when_a_preflight_was_answered() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            raw.send(preflight(APP, "POST", "authorization, content-type")).read();
            RawHttp.Answer answer = raw.send(post(APP, TestGateway.KEY, CHAT)).read();

            assertEquals(200, answer.status(), answer.head() + answer.body());
            assertEquals(APP, header(answer, "access-control-allow-origin"));
            assertEquals("true", header(answer, "access-control-allow-credentials"));
            assertTrue(header(answer, "access-control-expose-headers").contains("x-caravan-trace-id"), answer.head());
            assertTrue(header(answer, "access-control-expose-headers").contains("retry-after"), answer.head());
            assertEquals("Origin", header(answer, "vary"));
        }
    }

    @Test
    void should_answer_403_without_cors_headers_when_the_origin_is_not_allowed() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            RawHttp.Answer answer = raw.send(preflight("https://evil.example.net", "POST", "authorization")).read();

            assertEquals(403, answer.status(), answer.head() + answer.body());
            assertEquals(null, header(answer, "access-control-allow-origin"));
            assertTrue(TestGateway.json(answer.body()).get("error").get("message").asText().contains("cors.allowed_origins"), answer.body());
        }
    }

    @Test
    void should_answer_403_naming_the_header_when_a_preflight_asks_for_a_header_not_allowed() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            RawHttp.Answer answer = raw.send(preflight(APP, "POST", "authorization, x-internal-debug")).read();

            assertEquals(403, answer.status(), answer.head() + answer.body());
            assertEquals(null, header(answer, "access-control-allow-origin"));
            assertTrue(answer.body().contains("x-internal-debug"), answer.body());
        }
    }

    @Test
    void should_answer_403_naming_the_method_when_a_preflight_asks_for_a_method_not_allowed() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            RawHttp.Answer answer = raw.send(preflight(APP, "PATCH", "authorization")).read();

            assertEquals(403, answer.status(), answer.head() + answer.body());
            assertTrue(answer.body().contains("'PATCH'"), answer.body());
        }
    }

    @Test
    void should_allow_the_origin_to_read_a_401_when_the_key_is_wrong() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            RawHttp.Answer answer = raw.send(post(APP, "sk-wrong-key-000000000000", CHAT)).read();

            assertEquals(401, answer.status(), answer.head() + answer.body());
            assertEquals(APP, header(answer, "access-control-allow-origin"));
        }
    }

    @Test
    void should_leave_out_allow_origin_but_vary_on_origin_when_the_origin_is_not_allowed() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            RawHttp.Answer answer = raw.send(post("https://evil.example.net", TestGateway.KEY, CHAT)).read();

            assertEquals(200, answer.status(), answer.head() + answer.body());
            assertEquals(null, header(answer, "access-control-allow-origin"));
            assertEquals("Origin", header(answer, "vary"));
        }
    }

    @Test
    void should_allow_the_origin_to_read_a_stream_when_the_answer_is_sse() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            RawHttp.Answer answer = raw.send(post("http://localhost:5173", TestGateway.KEY, STREAM)).read();

            assertEquals(200, answer.status(), answer.head() + answer.body());
            assertTrue(header(answer, "content-type").startsWith("text/event-stream"), answer.head());
            assertEquals("http://localhost:5173", header(answer, "access-control-allow-origin"));
            assertTrue(answer.body().contains("[DONE]"), answer.body());
        }
    }

    @Test
    void should_add_no_allow_origin_when_a_request_has_no_origin() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            RawHttp.Answer answer = raw.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").read();

            assertEquals(200, answer.status(), answer.head());
            assertFalse(answer.head().toLowerCase(Locale.ROOT).contains("access-control-"), answer.head());
        }
    }
}
