package dev.caravan.platform.it;

import static dev.caravan.platform.it.TestGateway.KEY;
import static dev.caravan.platform.it.TestGateway.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code concurrent: N} rate limits through the real gateway: requests in flight per scope, a
 * slot freed once when the request finishes, also after a stream, an upstream failure or a client
 * that went away. Each test uses an alias of its own.
 */
class ConcurrencyLimitTest {

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        String target = "targets: [ { provider: mock, model: gpt-4o-mini } ]";
        gateway = TestGateway.startWithModels(mock, tmp, """
                  - { alias: fast, %1$s }
                  - { alias: one-at-a-time, %1$s }
                  - { alias: failing, %1$s }
                  - { alias: aborted, %1$s }
                """.formatted(target), """
                rate_limits:
                  - { scope: { alias: one-at-a-time }, concurrent: 1 }
                  - { scope: { alias: failing }, concurrent: 1 }
                  - { scope: { alias: aborted }, concurrent: 1 }
                breaker: { window: 10000, minimum_calls: 10000 }
                """);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    private static String body(String alias, String extra) {
        return "{\"model\":\"" + alias + "\"," + extra + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static HttpResponse<String> chat(String body) {
        return gateway.post("/v1/chat/completions", body, "authorization", bearer(KEY), "content-type", "application/json");
    }

    /** Sends until one is answered 200: the slot was freed (a 429 means it is still taken). */
    private static void eventuallyAdmitted(String alias) {
        Poll.until(() -> chat(body(alias, "")).statusCode(), status -> status == 200, Duration.ofSeconds(10),
                () -> "the slot of " + alias + " was never freed");
    }

    /** A stream through a raw socket, returned once its head has arrived (it is then in flight). */
    private static java.net.Socket openStream(String alias, int chunks) throws java.io.IOException {
        String payload = body(alias, "\"stream\":true,\"mock\":{\"chunks\":" + chunks + ",\"chunk_interval_ms\":100},");
        java.net.Socket socket = new java.net.Socket(gateway.baseUrl().getHost(), gateway.baseUrl().getPort());
        socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nhost: localhost\r\nauthorization: "
                + bearer(KEY) + "\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: "
                + payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n\r\n" + payload)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] head = new byte[12];
        int read = socket.getInputStream().readNBytes(head, 0, head.length);
        assertEquals("HTTP/1.1 200", new String(head, 0, read, java.nio.charset.StandardCharsets.US_ASCII));
        return socket;
    }

    @Test
    void should_refuse_with_429_naming_the_limit_and_scope_while_a_stream_holds_the_slot_and_admit_after_it_ended()
            throws Exception {
        HttpResponse<String> refused;
        try (java.net.Socket stream = openStream("one-at-a-time", 10)) {
            refused = chat(body("one-at-a-time", ""));
            stream.getInputStream().readAllBytes(); // to the stream's end
        }

        assertEquals(429, refused.statusCode());
        String message = TestGateway.json(refused.body()).get("error").get("message").asText();
        assertEquals("Concurrency limit reached for one-at-a-time in alias one-at-a-time on requests in flight: Limit 1,"
                + " In flight 1, Requested 1. Please try again when one of them has finished.", message);
        assertEquals("rate_limit_exceeded", TestGateway.json(refused.body()).get("error").get("code").asText());
        assertEquals("1", refused.headers().firstValue("retry-after").orElseThrow());
        eventuallyAdmitted("one-at-a-time");
        assertEquals(200, chat(body("one-at-a-time", "")).statusCode(), "a finished request frees its slot for good");
    }

    @Test
    void should_free_the_slot_when_the_upstream_fails() {
        HttpResponse<String> failed = chat(body("failing", "\"mock\":{\"status\":500},"));
        assertTrue(failed.statusCode() >= 500, "status " + failed.statusCode());

        eventuallyAdmitted("failing");
    }

    @Test
    void should_free_the_slot_when_the_client_goes_away() throws Exception {
        try (java.net.Socket stream = openStream("aborted", 50)) {
            assertEquals(429, chat(body("aborted", "")).statusCode(), "the stream holds the slot");
        } // the client goes away mid-stream

        eventuallyAdmitted("aborted");
    }
}
