package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.NotFoundException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseItem;
import com.openai.models.responses.inputitems.InputItemListPage;
import com.openai.models.responses.inputitems.InputItemListParams;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored Responses through the gateway with the official OpenAI SDK, on H2: a chat-only target
 * answers, the gateway keeps the object and its input items for the tenant, and serves
 * retrieve, input items and delete. Tenant {@code acme} logs full content, {@code beta} too (another
 * tenant), {@code quiet} is {@code metadata_only} and so stores nothing.
 */
class StoredResponsesTest {

    static final String ACME = "sk-test-stored-acme-0001";
    static final String BETA = "sk-test-stored-beta-0001";
    static final String QUIET = "sk-test-stored-quiet-0001";

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startFromYaml("""
                server: { host: 127.0.0.1, port: %d, io_threads: 2, max_body_bytes: 4194304 }
                storage: { url: "jdbc:h2:file:%s" }
                routes: { dir: "%s" }
                plugins: { dir: "%s" }
                receipts: { spill_file: "%s/spill.jsonl", flush_interval_ms: 20 }
                providers:
                  - { id: chat-only, plugin: openai, base_url: "%s", options: { preset: together } }
                  - { id: native, plugin: openai, base_url: "%s" }
                  - { id: claude, plugin: anthropic, base_url: "%s", api_key: "sk-ant-upstream-secret" }
                models:
                  - { alias: chat-fast, targets: [ { provider: chat-only, model: gpt-4o-mini } ] }
                  - { alias: native-fast, targets: [ { provider: native, model: gpt-4o-mini } ] }
                  - { alias: claude, targets: [ { provider: claude, model: claude-sonnet-4-5 } ] }
                keys:
                  - { name: acme, key: "%s", tenant: acme }
                  - { name: beta, key: "%s", tenant: beta }
                  - { name: quiet, key: "%s", tenant: quiet }
                tenants:
                  - { id: acme, logging: full }
                  - { id: beta, logging: full }
                  - { id: quiet, logging: metadata_only }
                """.formatted(TestGateway.freePort(), tmp.resolve("db/caravan"), TestGateway.routesDir(), TestGateway.pluginsDir(),
                tmp, mock.baseUrl(), mock.baseUrl(), mock.baseUrl(), ACME, BETA, QUIET), tmp);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    /** The object's {@code store} (this SDK version keeps it among the additional properties). */
    private static boolean storeField(Response response) {
        return com.openai.core.JsonValue.from(true).equals(response._additionalProperties().get("store"));
    }

    private static Response create(String key, String input) {
        return gateway.openai(key).responses().create(ResponseCreateParams.builder().model("chat-fast").input(input).build());
    }

    @Test
    void should_retrieve_list_input_items_and_delete_when_the_response_was_stored() {
        Response created = create(ACME, "Remember the word kumquat");
        assertTrue(storeField(created));

        Response retrieved = gateway.openai(ACME).responses().retrieve(created.id());
        assertEquals(created.id(), retrieved.id());
        assertEquals(created.output().get(0).asMessage().content().get(0).asOutputText().text(),
                retrieved.output().get(0).asMessage().content().get(0).asOutputText().text());

        InputItemListPage items = gateway.openai(ACME).responses().inputItems().list(created.id());
        assertEquals(1, items.data().size());
        ResponseItem item = items.data().get(0);
        assertEquals("Remember the word kumquat", item.asResponseInputMessageItem().content().get(0).asInputText().text());
        assertFalse(items.hasMore().orElseThrow());

        gateway.openai(ACME).responses().delete(created.id());
        assertThrows(NotFoundException.class, () -> gateway.openai(ACME).responses().retrieve(created.id()));
        HttpResponse<String> again = gateway.send("DELETE", "/v1/responses/" + created.id(), null, "Authorization", "Bearer " + ACME);
        assertEquals(404, again.statusCode());
    }

    @Test
    void should_page_input_items_by_limit_order_and_after_when_listing() {
        String input = "[{\"type\":\"message\",\"role\":\"user\",\"content\":\"one\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"two\"},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"three\"}]";
        HttpResponse<String> created = gateway.post("/v1/responses", "{\"model\":\"chat-fast\",\"input\":" + input + "}",
                "Authorization", "Bearer " + ACME, "content-type", "application/json");
        assertEquals(200, created.statusCode(), created.body());
        String id = TestGateway.json(created.body()).get("id").asText();

        JsonNode asc = list(id, "?limit=2&order=asc");
        assertEquals(2, asc.get("data").size());
        assertEquals("one", asc.get("data").get(0).get("content").get(0).get("text").asText());
        assertTrue(asc.get("has_more").asBoolean());
        assertEquals(asc.get("data").get(1).get("id").asText(), asc.get("last_id").asText());

        JsonNode rest = list(id, "?limit=2&order=asc&after=" + asc.get("last_id").asText());
        assertEquals(1, rest.get("data").size());
        assertEquals("three", rest.get("data").get(0).get("content").get(0).get("text").asText());
        assertFalse(rest.get("has_more").asBoolean());

        JsonNode desc = list(id, "");
        assertEquals("three", desc.get("data").get(0).get("content").get(0).get("text").asText());
        assertEquals(desc.get("data").get(0).get("id").asText(), desc.get("first_id").asText());

        HttpResponse<String> badOrder = gateway.get("/v1/responses/" + id + "/input_items?order=sideways", "Authorization", "Bearer " + ACME);
        assertEquals(400, badOrder.statusCode());
        assertEquals("order", TestGateway.json(badOrder.body()).get("error").get("param").asText());
        HttpResponse<String> badAfter = gateway.get("/v1/responses/" + id + "/input_items?after=msg_nope", "Authorization", "Bearer " + ACME);
        assertEquals(400, badAfter.statusCode());
        assertEquals("after", TestGateway.json(badAfter.body()).get("error").get("param").asText());

        HttpResponse<String> badLimit = gateway.get("/v1/responses/" + id + "/input_items?limit=101", "Authorization", "Bearer " + ACME);
        assertEquals(400, badLimit.statusCode());
        assertEquals("limit", TestGateway.json(badLimit.body()).get("error").get("param").asText());
    }

    private static JsonNode list(String id, String query) {
        HttpResponse<String> page = gateway.get("/v1/responses/" + id + "/input_items" + query, "Authorization", "Bearer " + ACME);
        assertEquals(200, page.statusCode(), page.body());
        return TestGateway.json(page.body());
    }

    @Test
    void should_answer_404_naming_the_id_when_another_tenant_asks() {
        Response created = create(ACME, "A secret of acme");

        HttpResponse<String> other = gateway.get("/v1/responses/" + created.id(), "Authorization", "Bearer " + BETA);
        assertEquals(404, other.statusCode());
        JsonNode error = TestGateway.json(other.body()).get("error");
        assertTrue(error.get("message").asText().contains(created.id()), other.body());
        assertEquals("invalid_request_error", error.get("type").asText());
        assertFalse(other.body().contains("A secret of acme"));
        assertEquals(404, gateway.send("DELETE", "/v1/responses/" + created.id(), null, "Authorization", "Bearer " + BETA).statusCode());
        assertEquals(200, gateway.get("/v1/responses/" + created.id(), "Authorization", "Bearer " + ACME).statusCode());
    }

    @Test
    void should_store_nothing_and_say_store_false_when_the_tenant_is_metadata_only() {
        Response created = create(QUIET, "Nothing of this is kept");

        assertFalse(storeField(created));
        assertThrows(NotFoundException.class, () -> gateway.openai(QUIET).responses().retrieve(created.id()));
        assertThrows(NotFoundException.class, () -> gateway.openai(QUIET).responses().inputItems().list(created.id()));
    }

    @Test
    void should_not_store_when_the_request_says_store_false() {
        Response created = gateway.openai(ACME).responses().create(ResponseCreateParams.builder().model("chat-fast")
                .input("Do not keep this").store(false).build());

        assertFalse(storeField(created));
        assertThrows(NotFoundException.class, () -> gateway.openai(ACME).responses().retrieve(created.id()));
    }

    @Test
    void should_refuse_without_a_valid_key_when_reading_a_stored_response() {
        Response created = create(ACME, "Keyed");

        assertEquals(401, gateway.get("/v1/responses/" + created.id()).statusCode());
        assertEquals(401, gateway.get("/v1/responses/" + created.id(), "Authorization", "Bearer sk-nope").statusCode());
    }

    @Test
    void should_send_the_first_turn_upstream_when_a_chat_target_gets_previous_response_id() {
        Response first = create(ACME, "Remember the word kumquat");

        Response second = gateway.openai(ACME).responses().create(ResponseCreateParams.builder().model("chat-fast")
                .input("Which word?").previousResponseId(first.id()).build());

        assertTrue(second.id().startsWith("resp_"));
        JsonNode messages = mock.lastRequest().get("messages");
        assertEquals(3, messages.size(), messages.toString());
        assertEquals("user", messages.get(0).get("role").asText());
        assertEquals("Remember the word kumquat", messages.get(0).get("content").get(0).get("text").asText());
        assertEquals("assistant", messages.get(1).get("role").asText());
        assertEquals(first.output().get(0).asMessage().content().get(0).asOutputText().text(), messages.get(1).get("content").asText());
        assertEquals("Which word?", messages.get(2).get("content").asText());

        Response third = gateway.openai(ACME).responses().create(ResponseCreateParams.builder().model("chat-fast")
                .input("And again?").previousResponseId(second.id()).build());
        assertTrue(third.id().startsWith("resp_"));
        assertEquals(5, mock.lastRequest().get("messages").size(), "turn three carries turns one and two");
    }

    @Test
    void should_refuse_with_400_naming_previous_response_id_when_a_chat_target_gets_one_the_tenant_does_not_hold() {
        Response acmes = create(ACME, "Only for acme");

        HttpResponse<String> other = gateway.post("/v1/responses",
                "{\"model\":\"chat-fast\",\"input\":\"hi\",\"previous_response_id\":\"" + acmes.id() + "\"}",
                "Authorization", "Bearer " + BETA, "content-type", "application/json");

        assertEquals(400, other.statusCode(), other.body());
        assertEquals("previous_response_id", TestGateway.json(other.body()).get("error").get("param").asText());
        assertFalse(other.body().contains("Only for acme"));
    }

    @Test
    void should_store_nothing_and_record_why_when_the_request_says_do_not_track() {
        HttpResponse<String> created = gateway.post("/v1/responses", "{\"model\":\"chat-fast\",\"input\":\"private\"}",
                "Authorization", "Bearer " + ACME, "content-type", "application/json", "x-caravan-do-not-track", "true");

        assertEquals(200, created.statusCode(), created.body());
        JsonNode object = TestGateway.json(created.body());
        assertFalse(object.get("store").asBoolean());
        assertEquals(404, gateway.get("/v1/responses/" + object.get("id").asText(), "Authorization", "Bearer " + ACME).statusCode());
        JsonNode receipt = gateway.receiptEventually(created.headers().firstValue("x-caravan-trace-id").orElseThrow(), ACME);
        assertTrue(receipt.get("decisions").toString().contains("store_response"), receipt.toString());
    }

    @Test
    void should_not_store_and_say_why_in_the_receipt_when_the_response_is_over_the_size_limit() {
        String big = "a".repeat(1_100_000);
        HttpResponse<String> created = gateway.post("/v1/responses", "{\"model\":\"chat-fast\",\"input\":\"" + big + "\"}",
                "Authorization", "Bearer " + ACME, "content-type", "application/json");

        assertEquals(200, created.statusCode());
        JsonNode object = TestGateway.json(created.body());
        assertFalse(object.get("store").asBoolean());
        assertEquals(404, gateway.get("/v1/responses/" + object.get("id").asText(), "Authorization", "Bearer " + ACME).statusCode());
        JsonNode receipt = gateway.receiptEventually(created.headers().firstValue("x-caravan-trace-id").orElseThrow(), ACME);
        assertTrue(receipt.get("decisions").toString().contains("larger than"), receipt.get("decisions").toString());
    }

    @Test
    void should_not_store_a_streamed_response() {
        HttpResponse<String> streamed = gateway.post("/v1/responses", "{\"model\":\"chat-fast\",\"input\":\"hi\",\"stream\":true}",
                "Authorization", "Bearer " + ACME, "content-type", "application/json");

        assertEquals(200, streamed.statusCode());
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":\"(resp_[^\"]+)\"").matcher(streamed.body());
        assertTrue(id.find(), streamed.body());
        assertEquals(404, gateway.get("/v1/responses/" + id.group(1), "Authorization", "Bearer " + ACME).statusCode());
    }

    @Test
    void should_pass_previous_response_id_through_when_a_native_target_gets_one_the_gateway_does_not_hold() {
        gateway.openai(ACME).responses().create(ResponseCreateParams.builder().model("native-fast")
                .input("Next").previousResponseId("resp_held_upstream").build());

        JsonNode upstream = mock.lastRequest();
        assertEquals("resp_held_upstream", upstream.get("previous_response_id").asText());
        assertEquals("Next", upstream.get("input").asText());
    }

    @Test
    void should_expand_the_history_when_a_native_target_gets_a_previous_response_id_the_gateway_holds() {
        Response first = gateway.openai(ACME).responses().create(ResponseCreateParams.builder().model("native-fast")
                .input("Remember the word quince").build());
        assertTrue(storeField(first));
        assertEquals(first.id(), gateway.openai(ACME).responses().retrieve(first.id()).id());

        gateway.openai(ACME).responses().create(ResponseCreateParams.builder().model("native-fast")
                .input("Which word?").previousResponseId(first.id()).build());

        JsonNode upstream = mock.lastRequest();
        assertFalse(upstream.has("previous_response_id"), upstream.toString());
        assertTrue(upstream.get("input").toString().contains("Remember the word quince"), upstream.toString());
        assertEquals("Which word?", upstream.get("input").get(upstream.get("input").size() - 1).get("content").asText());
    }

    @Test
    void should_send_the_first_turn_to_an_anthropic_target_when_previous_response_id_is_held() {
        Response first = gateway.openai(ACME).responses().create(ResponseCreateParams.builder().model("claude")
                .input("Remember the word medlar").build());
        assertTrue(storeField(first));

        gateway.openai(ACME).responses().create(ResponseCreateParams.builder().model("claude")
                .input("Which word?").previousResponseId(first.id()).build());

        JsonNode messages = mock.lastRequest().get("messages");
        assertEquals(3, messages.size(), messages.toString());
        assertTrue(messages.get(0).toString().contains("Remember the word medlar"), messages.toString());
        assertEquals("assistant", messages.get(1).get("role").asText());
        assertTrue(messages.get(2).toString().contains("Which word?"), messages.toString());
    }

    @Test
    void should_answer_404_unknown_url_when_the_path_under_responses_is_not_an_id() {
        for (String path : List.of("/v1/responses/", "/v1/responses/resp_1/other", "/v1/responses/resp_1/input_items/x")) {
            HttpResponse<String> answer = gateway.get(path, "Authorization", "Bearer " + ACME);
            assertEquals(404, answer.statusCode(), path);
            assertEquals("unknown_url", TestGateway.json(answer.body()).get("error").get("code").asText(), path);
        }
        Response created = create(ACME, "Not deletable through input_items");
        assertEquals(404, gateway.send("DELETE", "/v1/responses/" + created.id() + "/input_items", null,
                "Authorization", "Bearer " + ACME).statusCode());
        assertEquals(200, gateway.get("/v1/responses/" + created.id(), "Authorization", "Bearer " + ACME).statusCode());
    }
}
