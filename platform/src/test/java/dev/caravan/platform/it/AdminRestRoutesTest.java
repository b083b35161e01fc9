package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API as routes/admin.yaml declares it with the REST DSL: only its verbs and paths are
 * served, path parameters and query parameters reach the stages through Camel's message, and the
 * answers carry only the gateway's headers.
 */
class AdminRestRoutesTest {

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

    private static HttpResponse<String> admin(String method, String path, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "authorization";
        all[1] = TestGateway.bearer(TestGateway.ADMIN_TOKEN);
        System.arraycopy(headers, 0, all, 2, headers.length);
        return gateway.send(method, path, "", all);
    }

    private static RawHttp.Answer raw(String target, String auth) {
        try (RawHttp http = new RawHttp(gateway.baseUrl())) {
            return http.send("GET " + target + " HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\nAuthorization: Bearer " + auth
                    + "\r\n\r\n").read();
        }
    }

    private static JsonNode error(String body) {
        return TestGateway.json(body).path("error");
    }

    @Test
    void should_answer_405_with_allow_when_a_declared_path_gets_a_method_it_does_not_declare() {
        HttpResponse<String> response = admin("PATCH", "/admin/v1/budgets/some-budget");

        assertEquals(405, response.statusCode(), response.body());
        assertEquals("DELETE, GET, PUT", response.headers().firstValue("allow").orElse(""), response.headers().toString());
        assertEquals("method_not_allowed", error(response.body()).path("code").asText(), response.body());
        assertTrue(response.headers().firstValue("x-caravan-trace-id").isPresent());
    }

    @Test
    void should_answer_404_unknown_url_when_a_path_goes_below_a_declared_one() {
        HttpResponse<String> response = admin("GET", "/admin/v1/budgets/some-budget/spend");

        assertEquals(404, response.statusCode(), response.body());
        assertEquals("unknown_url", error(response.body()).path("code").asText(), response.body());
        assertTrue(response.headers().firstValue("x-caravan-trace-id").isPresent());
    }

    @Test
    void should_answer_404_unknown_url_when_a_path_parameter_is_missing() {
        HttpResponse<String> response = admin("POST", "/admin/v1/keys/revoke");

        assertEquals(404, response.statusCode(), response.body());
        assertEquals("unknown_url", error(response.body()).path("code").asText(), response.body());
    }

    @Test
    void should_decode_the_path_parameter_when_it_is_percent_encoded() {
        HttpResponse<String> response = admin("GET", "/admin/v1/budgets/no%20such%20budget");

        assertEquals(404, response.statusCode(), response.body());
        assertEquals("budget_not_found", error(response.body()).path("code").asText(), response.body());
        assertEquals("No budget named 'no such budget'.", error(response.body()).path("message").asText());
    }

    @Test
    void should_name_the_parameter_when_a_query_parameter_is_repeated() {
        HttpResponse<String> response = admin("GET", "/admin/v1/receipts?limit=1&limit=2");

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("limit", error(response.body()).path("param").asText(), response.body());
        assertEquals("Query parameter 'limit' is given more than once.", error(response.body()).path("message").asText());
    }

    @Test
    void should_name_the_parameter_when_it_is_unknown() {
        HttpResponse<String> response = admin("GET", "/admin/v1/audit?limt=5");

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("limt", error(response.body()).path("param").asText(), response.body());
    }

    @Test
    void should_decode_a_query_value_when_it_is_percent_encoded() {
        HttpResponse<String> response = admin("GET", "/admin/v1/receipts?since=2026-11-24T10%3A00%3A00%2B01%3A00&limit=%31");

        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void should_not_take_a_request_header_for_a_query_parameter_when_it_has_the_same_name() {
        HttpResponse<String> response = admin("GET", "/admin/v1/receipts", "limit", "not-a-number", "since", "yesterday");

        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void should_answer_400_in_the_error_shape_when_the_query_string_is_not_url_encoding() {
        RawHttp.Answer answer = raw("/admin/v1/receipts?since=%zz", TestGateway.ADMIN_TOKEN);

        assertEquals(400, answer.status(), answer.body());
        assertTrue(answer.head().toLowerCase(Locale.ROOT).contains("x-caravan-trace-id:"), answer.head());
        assertEquals("invalid_request_error", error(answer.body()).path("type").asText(), answer.body());
    }

    @Test
    void should_ask_for_the_admin_token_before_reading_the_query_when_none_is_sent() {
        RawHttp.Answer answer = raw("/admin/v1/receipts?since=%zz&nonsense=1", "wrong-token");

        assertEquals(401, answer.status(), answer.body());
        assertEquals("invalid_admin_token", error(answer.body()).path("code").asText(), answer.body());
    }

    @Test
    void should_send_only_the_gateways_headers_when_an_admin_route_answers() {
        HttpResponse<String> response = admin("GET", "/admin/v1/receipts?limit=1", "x-team", "gold");

        assertEquals(200, response.statusCode(), response.body());
        response.headers().map().keySet().forEach(name -> {
            String lower = name.toLowerCase(Locale.ROOT);
            assertFalse(lower.startsWith("camel") || lower.equals("limit") || lower.equals("x-team") || lower.equals("authorization"),
                    "leaked header " + name + " in " + response.headers());
        });
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
    }
}
