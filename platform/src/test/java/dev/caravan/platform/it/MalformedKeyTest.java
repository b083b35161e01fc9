package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys no stored key can be, sent byte for byte over a raw socket (an HTTP client would refuse to
 * send most of them): each is a 401 in the route's error shape with a trace id, never an empty 400.
 */
class MalformedKeyTest {

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.start(mock, tmp);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    /** Status line, head and body of one request whose key header is {@code keyHeader} as raw bytes. */
    private static String[] send(String path, byte[] keyHeader) throws IOException {
        String body = path.equals("/v1/messages")
                ? "{\"model\":\"fast\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                : "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (Socket socket = new Socket(gateway.baseUrl().getHost(), gateway.baseUrl().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(keyHeader);
            out.write(("\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            return new String[] {text.substring(0, text.indexOf("\r\n")), text.substring(0, split), text.substring(split + 4)};
        }
    }

    private static byte[] bearer(byte[] key) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("Authorization: Bearer ".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(key);
        return b.toByteArray();
    }

    private static void assertOpenAi401(String[] answer) {
        assertEquals("HTTP/1.1 401 Unauthorized", answer[0], answer[1] + "\n" + answer[2]);
        assertTrue(answer[1].toLowerCase(Locale.ROOT).contains("x-caravan-trace-id:"), answer[1]);
        JsonNode error = TestGateway.json(answer[2]).get("error");
        assertEquals("invalid_api_key", error.get("code").asText(), answer[2]);
    }

    private static byte[] key(String suffix) {
        return (TestGateway.KEY + suffix).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void should_answer_401_in_the_openai_shape_when_the_key_has_a_nul_byte() throws IOException {
        assertOpenAi401(send("/v1/chat/completions", bearer(key("\0"))));
    }

    @Test
    void should_answer_401_in_the_openai_shape_when_the_key_has_a_control_character() throws IOException {
        assertOpenAi401(send("/v1/chat/completions", bearer(key("\u0001x"))));
    }

    @Test
    void should_answer_401_in_the_openai_shape_when_the_key_is_not_ascii() throws IOException {
        assertOpenAi401(send("/v1/chat/completions", bearer((TestGateway.KEY + "é").getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void should_answer_401_in_the_openai_shape_when_the_key_is_longer_than_the_bound() throws IOException {
        // 4 KB fits Netty's head limit, so it reaches authentication (the head-size limit is the server's)
        assertOpenAi401(send("/v1/chat/completions", bearer(key("a".repeat(4_000)))));
    }

    @Test
    void should_answer_401_in_the_anthropic_shape_when_a_messages_key_has_a_nul_byte() throws IOException {
        byte[] header = ("x-api-key: " + TestGateway.KEY + "\0").getBytes(StandardCharsets.ISO_8859_1);
        String[] answer = send("/v1/messages", header);
        assertEquals("HTTP/1.1 401 Unauthorized", answer[0], answer[1] + "\n" + answer[2]);
        assertTrue(answer[1].toLowerCase(Locale.ROOT).contains("x-caravan-trace-id:"), answer[1]);
        JsonNode body = TestGateway.json(answer[2]);
        assertEquals("error", body.get("type").asText(), answer[2]);
        assertEquals("authentication_error", body.get("error").get("type").asText(), answer[2]);
    }
}
