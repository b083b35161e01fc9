package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * HEAD answers carry headers only: on a route that takes any method (/health) the head of the GET
 * answer, elsewhere a 405 in API shape; either way the next answer on the kept-alive connection parses.
 */
class HeadRequestTest extends StandardGatewayTest {

    private static String request(String method, String path) {
        return method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestGateway.KEY + "\r\n\r\n";
    }

    private static String contentLength(RawHttp.Answer answer) {
        for (String line : answer.head().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return line.substring(15).trim();
            }
        }
        return null;
    }

    @Test
    void should_answer_the_next_get_cleanly_when_head_health_came_first_on_the_connection() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            RawHttp.Answer head = raw.send(request("HEAD", "/health")).readHeadOnly();
            RawHttp.Answer get = raw.send(request("GET", "/health")).read();

            assertEquals(200, head.status(), head.head());
            assertFalse(head.closes(), head.head());
            assertEquals(200, get.status(), get.head() + get.body());
            assertEquals("ok", TestGateway.json(get.body()).get("status").asText(), get.body());
            assertEquals(contentLength(get), contentLength(head), "HEAD must announce the GET answer's length");
        }
    }

    @Test
    void should_answer_405_headers_only_when_head_is_sent_to_a_post_route() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            RawHttp.Answer head = raw.send(request("HEAD", "/v1/chat/completions")).readHeadOnly();
            RawHttp.Answer get = raw.send(request("GET", "/health")).read();

            assertEquals(405, head.status(), head.head());
            assertTrue(head.head().toLowerCase(Locale.ROOT).contains("\r\nallow: post"), head.head());
            assertTrue(head.head().toLowerCase(Locale.ROOT).contains("application/json"), head.head());
            assertEquals(200, get.status(), "the 405 to HEAD sent a body: " + get.head() + get.body());
        }
    }

    @Test
    void should_answer_405_headers_only_when_head_is_sent_to_a_get_route() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            RawHttp.Answer head = raw.send(request("HEAD", "/v1/models")).readHeadOnly();
            RawHttp.Answer get = raw.send(request("GET", "/v1/models")).read();

            assertEquals(405, head.status(), head.head());
            assertEquals(200, get.status(), "the 405 to HEAD sent a body: " + get.head() + get.body());
            assertTrue(TestGateway.json(get.body()).get("data").isArray(), get.body());
        }
    }

    @Test
    void should_answer_the_next_request_cleanly_when_head_to_an_unknown_path_came_first() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            RawHttp.Answer head = raw.send(request("HEAD", "/v1/nothing-here")).readHeadOnly();
            RawHttp.Answer get = raw.send(request("GET", "/health")).read();

            assertEquals(404, head.status(), head.head());
            assertEquals(200, get.status(), "the 404 to HEAD sent a body: " + get.head() + get.body());
        }
    }
}
