package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Request framing on the raw wire: smuggling shapes are refused with 400 and a closed connection,
 * chunked bodies work up to server.max_body_bytes (65536 here) and get an API-shaped 413 past it,
 * garbage is answered at once, HTTP/1.0 without Host is served; the gateway serves afterwards.
 */
class WireFramingTest extends StandardGatewayTest {

    private static final String CHAT = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @AfterEach
    void still_serving() {
        HttpResponse<String> ok = gateway.post("/v1/chat/completions", CHAT, "authorization", TestGateway.bearer(TestGateway.KEY));
        assertEquals(200, ok.statusCode(), "gateway stopped serving: " + ok.body());
    }

    private static String head(String path, String... headers) {
        StringBuilder text = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + TestGateway.KEY + "\r\nContent-Type: application/json\r\n");
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        return text.append("\r\n").toString();
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n";
    }

    private static void assertRefused(RawHttp raw, int status, String messagePart) {
        RawHttp.Answer answer = raw.read();
        assertEquals(status, answer.status(), answer.head() + answer.body());
        assertTrue(answer.closes(), "Connection: close expected: " + answer.head());
        JsonNode error = TestGateway.json(answer.body()).get("error");
        assertTrue(error.get("message").asText().contains(messagePart), answer.body());
        assertTrue(raw.closedByPeer(), "the gateway must close the connection");
    }

    @Test
    void should_answer_400_and_close_when_transfer_encoding_is_chunked_then_identity() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            raw.send(head("/v1/chat/completions", "Transfer-Encoding: chunked, identity") + chunk(CHAT) + "0\r\n\r\n");
            assertRefused(raw, 400, "Transfer-Encoding");
        }
    }

    @Test
    void should_answer_400_and_close_when_transfer_encoding_is_xchunked_with_a_content_length() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            raw.send(head("/v1/chat/completions", "Transfer-Encoding: xchunked", "Content-Length: " + CHAT.length()) + CHAT);
            assertRefused(raw, 400, "Transfer-Encoding");
        }
    }

    @Test
    void should_answer_400_and_close_when_chunked_comes_with_a_content_length() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            raw.send(head("/v1/chat/completions", "Transfer-Encoding: chunked", "Content-Length: 5") + chunk(CHAT) + "0\r\n\r\n");
            assertRefused(raw, 400, "Content-Length");
        }
    }

    @Test
    void should_answer_400_and_close_when_content_length_is_sent_twice_with_different_values() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            raw.send(head("/v1/chat/completions", "Content-Length: " + CHAT.length(), "Content-Length: 3") + CHAT);
            assertRefused(raw, 400, "malformed");
        }
    }

    @Test
    void should_answer_400_and_close_when_content_length_is_not_a_number() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            raw.send(head("/v1/chat/completions", "Content-Length: 1x") + CHAT);
            assertRefused(raw, 400, "malformed");
        }
    }

    @Test
    void should_serve_a_chunked_request_body_when_it_is_within_the_limit() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            raw.send(head("/v1/chat/completions", "Transfer-Encoding: chunked") + chunk(CHAT.substring(0, 10))
                    + chunk(CHAT.substring(10)) + "0\r\n\r\n");
            RawHttp.Answer answer = raw.read();
            assertEquals(200, answer.status(), answer.body());
            assertTrue(answer.body().contains("chat.completion"), answer.body());
        }
    }

    @Test
    void should_answer_400_and_close_when_a_chunk_size_is_invalid() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            raw.send(head("/v1/chat/completions", "Transfer-Encoding: chunked") + "zz\r\n" + CHAT + "\r\n0\r\n\r\n");
            assertRefused(raw, 400, "chunked");
        }
    }

    @Test
    void should_answer_413_naming_the_limit_and_close_when_a_chunked_body_passes_it() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            raw.send(head("/v1/chat/completions", "Transfer-Encoding: chunked"));
            byte[] piece = chunk("x".repeat(16_000)).getBytes(StandardCharsets.UTF_8);
            // 100 MB offered; the gateway stops reading at the limit, so sending soon fails
            for (int i = 0; i < 6_250 && raw.trySend(piece); i++) {
                if (i == 8) {
                    break; // past 65536 bytes: the answer is due; the rest is not needed
                }
            }
            assertRefused(raw, 413, "server.max_body_bytes");
        }
    }

    @Test
    void should_let_the_client_read_the_413_when_it_sends_the_whole_oversized_body_first() {
        // A client (the JDK's, most SDKs) writes the whole body before it reads: closing at once
        // would reset the connection under its writes and the 413 would never be read.
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            raw.send(head("/v1/chat/completions", "Content-Length: 300000"));
            byte[] piece = "x".repeat(10_000).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 30; i++) {
                assertTrue(raw.trySend(piece), "the gateway stopped reading the refused body after " + i + " pieces");
            }
            assertRefused(raw, 413, "server.max_body_bytes");
        }
    }

    @Test
    void should_answer_413_in_the_anthropic_shape_when_a_chunked_body_to_messages_passes_the_limit() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            raw.send(head("/v1/messages", "Transfer-Encoding: chunked", "anthropic-version: 2023-06-01"));
            byte[] piece = chunk("x".repeat(16_000)).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 6 && raw.trySend(piece); i++) {
                // past the limit after five
            }
            RawHttp.Answer answer = raw.read();
            assertEquals(413, answer.status());
            JsonNode body = TestGateway.json(answer.body());
            assertEquals("error", body.get("type").asText(), answer.body());
            assertEquals("request_too_large", body.get("error").get("type").asText());
            assertTrue(body.get("error").get("message").asText().contains("server.max_body_bytes"));
        }
    }

    @Test
    void should_answer_400_at_once_and_close_when_the_request_line_is_garbage() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            raw.send("\u0016\u0003\u0001garbage here\r\n\r\n");
            assertRefused(raw, 400, "malformed");
        }
    }

    @Test
    void should_answer_431_when_the_headers_pass_max_header_bytes() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            raw.send(head("/v1/chat/completions", "X-Big: " + "a".repeat(20_000), "Content-Length: " + CHAT.length()) + CHAT);
            assertRefused(raw, 431, "server.max_header_bytes");
        }
    }

    @Test
    void should_answer_414_when_the_request_line_passes_max_request_line_bytes() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            raw.send("GET /health?" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertRefused(raw, 414, "server.max_request_line_bytes");
        }
    }

    @Test
    void should_answer_400_when_an_http_1_1_request_has_no_host() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            raw.send("GET /health HTTP/1.1\r\n\r\n");
            assertRefused(raw, 400, "Host");
        }
    }

    @Test
    void should_serve_an_http_1_0_request_without_host() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            raw.send("POST /v1/chat/completions HTTP/1.0\r\nAuthorization: Bearer " + TestGateway.KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + CHAT.length() + "\r\n\r\n" + CHAT);
            RawHttp.Answer answer = raw.read();
            assertEquals(200, answer.status(), answer.head() + answer.body());
            assertTrue(answer.body().contains("chat.completion"), answer.body());
        }
    }
}
