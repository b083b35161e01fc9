package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Only a route's path exactly as written reaches it: other letter case, a trailing slash, empty or
 * dot segments and percent-encoded letters are 404s in the API's error shape, so a proxy rule on
 * {@code /admin} cannot be passed with {@code /ADMIN}. Sent over a raw socket, byte for byte.
 */
class CanonicalPathTest {

    private static final String CHAT = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithAdmin(mock, tmp);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    /** Status line, head and body of one raw request. */
    private static String[] send(String method, String path, String auth, String body) throws IOException {
        try (Socket socket = new Socket(gateway.baseUrl().getHost(), gateway.baseUrl().getPort())) {
            OutputStream out = socket.getOutputStream();
            String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer " + auth
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n";
            out.write((head + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            return new String[] {text.substring(0, text.indexOf("\r\n")), text.substring(0, split), text.substring(split + 4)};
        }
    }

    private static void assertNotFound(String[] answer) {
        assertEquals("HTTP/1.1 404 Not Found", answer[0], answer[1] + "\n" + answer[2]);
        assertTrue(answer[1].toLowerCase(Locale.ROOT).contains("x-caravan-trace-id:"), answer[1]);
        JsonNode error = TestGateway.json(answer[2]).get("error");
        assertEquals("invalid_request_error", error.get("type").asText(), answer[2]);
        assertEquals("unknown_url", error.get("code").asText(), answer[2]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ADMIN/V1/RECEIPTS", "/Admin/v1/receipts", "/admin/v1/receipts/", "/admin//v1/receipts",
            "/admin/./v1/receipts", "/x/../admin/v1/receipts", "/%61dmin/v1/receipts", "/admin/v1/receipt%73",
            "/admin%2Fv1/receipts", "/admin\\v1\\receipts", "/ADMIN/V1/BUDGETS/x", "/admin/v1/budgets/../receipts"})
    void should_not_reach_the_admin_api_when_the_path_is_not_canonical(String path) throws IOException {
        assertNotFound(send("GET", path, TestGateway.ADMIN_TOKEN, ""));
    }

    @Test
    void should_reach_the_admin_api_when_the_path_is_exact() throws IOException {
        String[] answer = send("GET", "/admin/v1/receipts?limit=1", TestGateway.ADMIN_TOKEN, "");
        assertEquals("HTTP/1.1 200 OK", answer[0], answer[2]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/V1/CHAT/COMPLETIONS", "/v1/chat/completions/", "/v1/Chat/completions", "/v1//chat/completions",
            "/v1/chat/%63ompletions"})
    void should_not_serve_chat_when_the_path_is_not_canonical(String path) throws IOException {
        long before = mock.requestCount();
        assertNotFound(send("POST", path, TestGateway.KEY, CHAT));
        assertEquals(before, mock.requestCount(), "nothing may reach the upstream");
    }

    @Test
    void should_answer_an_unknown_path_in_the_openai_shape() throws IOException {
        String[] answer = send("POST", "/v1/nothing-here", TestGateway.KEY, CHAT);
        assertNotFound(answer);
        assertTrue(TestGateway.json(answer[2]).at("/error/message").asText().contains("POST /v1/nothing-here"), answer[2]);
    }

    @Test
    void should_answer_an_unknown_messages_path_in_the_anthropic_shape() throws IOException {
        String[] answer = send("POST", "/v1/messages/", TestGateway.KEY, "{}");
        assertEquals("HTTP/1.1 404 Not Found", answer[0], answer[2]);
        JsonNode body = TestGateway.json(answer[2]);
        assertEquals("error", body.get("type").asText(), answer[2]);
        assertEquals("not_found_error", body.at("/error/type").asText(), answer[2]);
    }

    @Test
    void should_answer_a_wrong_method_with_405_and_allow() throws IOException {
        String[] answer = send("DELETE", "/v1/chat/completions", TestGateway.KEY, "");
        assertEquals("HTTP/1.1 405 Method Not Allowed", answer[0], answer[2]);
        String head = answer[1].toLowerCase(Locale.ROOT);
        assertTrue(head.contains("allow: post"), answer[1]);
        assertTrue(head.contains("x-caravan-trace-id:"), answer[1]);
        assertEquals("method_not_allowed", TestGateway.json(answer[2]).at("/error/code").asText(), answer[2]);
    }

    @Test
    void should_keep_the_connection_alive_after_a_404() throws IOException {
        HttpResponse<String> missing = gateway.get("/v1/unknown", "Authorization", TestGateway.bearer(TestGateway.KEY));
        assertEquals(404, missing.statusCode());
        HttpResponse<String> served = gateway.post("/v1/chat/completions", CHAT, "Authorization", TestGateway.bearer(TestGateway.KEY));
        assertEquals(200, served.statusCode(), served.body());
        assertFalse(served.headers().firstValue("x-caravan-trace-id").isEmpty());
    }
}
