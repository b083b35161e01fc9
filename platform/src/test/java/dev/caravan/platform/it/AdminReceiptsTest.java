package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code GET /admin/v1/receipts} through real HTTP on a gateway with an admin token. Before the
 * tests, 250 requests leave 250 receipts: 240 served on alias fast, then (after {@link #middle})
 * 5 failing on alias nowhere (502), 3 by the limited key and 2 for an unknown model (404).
 */
class AdminReceiptsTest {

    private static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;
    static Instant middle;
    static String limitedKeyId;

    @BeforeAll
    static void startGatewayWith250Receipts() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithAdmin(mock, tmp);
        chat(TestGateway.KEY, "fast", 240, 200);
        middle = Instant.now();
        chat(TestGateway.KEY, "nowhere", 5, 502);
        String limitedTrace = chat(TestGateway.LIMITED_KEY, "fast", 3, 200);
        chat(TestGateway.KEY, "ghost", 2, 404);
        limitedKeyId = gateway.receipt(limitedTrace, TestGateway.LIMITED_KEY).get("key_id").asText();
        assertTrue(gateway.gateway().flushReceipts(Duration.ofSeconds(10)), "receipts not flushed");
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
        mock.close();
    }

    /** Sends {@code count} chat requests; returns the last trace id. */
    private static String chat(String key, String model, int count, int expectedStatus) {
        String traceId = null;
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = gateway.post("/v1/chat/completions", CHAT.formatted(model),
                    "authorization", TestGateway.bearer(key));
            assertEquals(expectedStatus, response.statusCode(), response.body());
            traceId = response.headers().firstValue("x-caravan-trace-id").orElseThrow();
        }
        return traceId;
    }

    private static HttpResponse<String> admin(String query) {
        return gateway.get("/admin/v1/receipts" + query, "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN));
    }

    private static JsonNode list(String query) {
        HttpResponse<String> response = admin(query);
        assertEquals(200, response.statusCode(), response.body());
        return TestGateway.json(response.body());
    }

    private static Set<String> values(JsonNode list, String field) {
        Set<String> values = new HashSet<>();
        list.get("data").forEach(receipt -> values.add(receipt.get(field).asText()));
        return values;
    }

    private static String param(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void should_return_401_when_no_token_is_sent() {
        HttpResponse<String> response = gateway.get("/admin/v1/receipts");

        assertEquals(401, response.statusCode());
        assertEquals("invalid_admin_token", TestGateway.json(response.body()).path("error").path("code").asText());
    }

    @Test
    void should_return_401_when_the_token_is_wrong() {
        HttpResponse<String> response = gateway.get("/admin/v1/receipts", "authorization", "Bearer " + TestGateway.ADMIN_TOKEN + "x");

        assertEquals(401, response.statusCode());
        JsonNode error = TestGateway.json(response.body()).path("error");
        assertEquals("invalid_request_error", error.path("type").asText());
        assertEquals("Incorrect admin token provided.", error.path("message").asText());
    }

    @Test
    void should_return_401_when_a_virtual_key_is_sent() {
        assertEquals(401, gateway.get("/admin/v1/receipts", "authorization", TestGateway.bearer(TestGateway.KEY)).statusCode());
        assertEquals(401, gateway.get("/admin/v1/receipts", "x-api-key", TestGateway.ADMIN_TOKEN).statusCode());
    }

    @Test
    void should_list_the_newest_100_with_a_cursor_when_no_parameter_is_given() {
        JsonNode list = list("");

        assertEquals("list", list.get("object").asText());
        assertEquals(100, list.get("data").size());
        assertTrue(list.get("has_more").asBoolean());
        assertFalse(list.get("next_cursor").isNull());
        JsonNode newest = list.get("data").get(0);
        // metadata_only (the default): a model that is no alias or target is stored as a hash
        assertTrue(newest.get("requested_model").asText().matches("\\[model sha256:[0-9a-f]{12}]"), newest.toString());
        assertEquals(404, newest.get("status").asInt());
        assertTrue(newest.has("trace_id") && newest.has("attempts") && newest.has("received_at"), newest.toString());
    }

    @Test
    void should_visit_all_250_receipts_newest_first_when_following_next_cursor() {
        List<String> traceIds = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        Instant previous = Instant.MAX;
        String query = "?limit=100";
        while (query != null) {
            JsonNode page = list(query);
            pageSizes.add(page.get("data").size());
            for (JsonNode receipt : page.get("data")) {
                Instant received = Instant.parse(receipt.get("received_at").asText());
                assertFalse(received.isAfter(previous), "not newest first at " + receipt.get("trace_id"));
                previous = received;
                traceIds.add(receipt.get("trace_id").asText());
            }
            JsonNode next = page.get("next_cursor");
            query = next.isNull() ? null : "?limit=100&cursor=" + param(next.asText());
        }

        assertEquals(List.of(100, 100, 50), pageSizes);
        assertEquals(250, new HashSet<>(traceIds).size());
    }

    @Test
    void should_list_only_the_alias_when_filtered_by_alias() {
        JsonNode list = list("?alias=nowhere");

        assertEquals(5, list.get("data").size());
        assertEquals(Set.of("nowhere"), values(list, "alias"));
        assertTrue(list.get("next_cursor").isNull());
    }

    @Test
    void should_list_only_that_status_when_filtered_by_status() {
        JsonNode list = list("?status=502");

        assertEquals(5, list.get("data").size());
        assertEquals(Set.of("502"), values(list, "status"));
    }

    @Test
    void should_list_every_error_when_status_is_error() {
        JsonNode list = list("?status=error");

        assertEquals(7, list.get("data").size());
        assertEquals(Set.of("502", "404"), values(list, "status"));
    }

    @Test
    void should_list_only_the_key_when_filtered_by_key_id() {
        JsonNode list = list("?key=" + param(limitedKeyId));

        assertEquals(3, list.get("data").size());
        assertEquals(Set.of(limitedKeyId), values(list, "key_id"));
    }

    @Test
    void should_list_only_the_tenant_when_filtered_by_tenant() {
        assertEquals(250, list("?tenant=acme&limit=1000").get("data").size());
        assertEquals(0, list("?tenant=beta").get("data").size());
    }

    @Test
    void should_split_at_the_instant_when_filtered_by_since_and_until() {
        assertEquals(10, list("?since=" + param(middle.toString())).get("data").size());
        assertEquals(240, list("?limit=1000&until=" + param(middle.toString())).get("data").size());
        assertEquals(5, list("?alias=nowhere&since=" + param(middle.toString())).get("data").size());
    }

    @Test
    void should_accept_dates_when_since_and_until_are_dates() {
        assertEquals(250, list("?limit=1000&since=2000-01-01").get("data").size());
        assertEquals(0, list("?until=2000-01-01").get("data").size());
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
            "?since=yesterday                 | since",
            "?until=2026-13-01                | until",
            "?since=2026-11-24&until=2026-11-23 | until",
            "?status=teapot                   | status",
            "?status=700                      | status",
            "?limit=0                         | limit",
            "?limit=1001                      | limit",
            "?limit=ten                       | limit",
            "?cursor=not-a-cursor             | cursor",
            "?alias=fast&alias=smart          | alias",
            "?model=fast                      | model",
            "?foo=1&bar=2                     | bar,foo",
    })
    void should_return_400_naming_the_parameter_when_a_parameter_is_bad(String query, String param) {
        HttpResponse<String> response = admin(query);

        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = TestGateway.json(response.body()).path("error");
        assertEquals(param, error.path("param").asText(), response.body());
        assertEquals("invalid_request_error", error.path("type").asText());
    }
}
