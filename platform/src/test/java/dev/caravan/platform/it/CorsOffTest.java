package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Without a {@code cors:} section no answer carries Access-Control-* headers, preflights included. */
class CorsOffTest extends StandardGatewayTest {

    @Test
    void should_send_no_cors_headers_on_a_preflight_when_cors_is_not_configured() {
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            RawHttp.Answer answer = raw.send("OPTIONS /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nOrigin: https://app.example.com\r\n"
                    + "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: authorization\r\n\r\n").read();

            assertNotEquals(204, answer.status(), answer.head());
            assertFalse(answer.head().toLowerCase(Locale.ROOT).contains("access-control-"), answer.head());
        }
    }

    @Test
    void should_send_no_cors_headers_on_an_answer_when_cors_is_not_configured() {
        String body = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (RawHttp raw = new RawHttp(gateway.baseUrl())) {
            RawHttp.Answer answer = raw.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nOrigin: https://app.example.com\r\n"
                    + "Authorization: Bearer " + TestGateway.KEY + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).read();

            assertEquals(200, answer.status(), answer.head() + answer.body());
            assertFalse(answer.head().toLowerCase(Locale.ROOT).contains("access-control-"), answer.head());
        }
    }
}
