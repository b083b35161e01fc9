package dev.caravan.plugins.openai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.api.provider.UpstreamRequest;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatRequestBuilderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ProviderHarness adapter = new ProviderHarness(new OpenAiAdapter());

    @Test
    void should_post_to_chat_completions_under_base_url_when_preparing() {
        UpstreamRequest request = adapter.prepare(Calls.call(Fixtures.json("chat-request.json"), false));

        assertEquals("POST", request.method());
        assertEquals(URI.create("https://api.openai.com/v1/chat/completions"), request.uri());
    }

    @Test
    void should_not_double_the_slash_when_base_url_ends_with_one() {
        ProviderSettings local = new ProviderSettings("vllm", "openai", URI.create("http://localhost:8000/v1/"),
                Secret.empty(), null, Map.of(), null);

        UpstreamRequest request = adapter.prepare(Calls.call(Fixtures.json("chat-request.json"), false, local));

        assertEquals(URI.create("http://localhost:8000/v1/chat/completions"), request.uri());
    }

    @Test
    void should_replace_only_model_when_building_body() throws IOException {
        ObjectNode client = Fixtures.json("chat-request.json");

        JsonNode sent = MAPPER.readTree(adapter.prepare(Calls.call(client, false)).body());

        ObjectNode expected = client.deepCopy();
        expected.put("model", "gpt-4o-mini");
        assertEquals(expected, sent);
        assertEquals(fieldNames(client), fieldNames(sent)); // same fields, same order
    }

    @Test
    void should_leave_client_body_unchanged_when_building() {
        ObjectNode client = Fixtures.json("chat-request.json");
        client.put("stream", true);
        ObjectNode before = client.deepCopy();

        adapter.prepare(Calls.call(client, true));

        assertEquals(before, client);
    }

    @Test
    void should_ask_for_usage_when_client_streams_without_include_usage() throws IOException {
        ObjectNode client = Fixtures.json("chat-request.json");
        client.put("stream", true);

        JsonNode sent = MAPPER.readTree(adapter.prepare(Calls.call(client, true)).body());

        assertEquals(MAPPER.readTree("{\"include_usage\":true}"), sent.get("stream_options"));
    }

    @Test
    void should_keep_other_stream_options_when_adding_include_usage() throws IOException {
        ObjectNode client = Fixtures.json("chat-request.json");
        client.put("stream", true);
        client.putObject("stream_options").put("include_obfuscation", false).put("include_usage", false);

        JsonNode sent = MAPPER.readTree(adapter.prepare(Calls.call(client, true)).body());

        assertEquals(MAPPER.readTree("{\"include_obfuscation\":false,\"include_usage\":true}"), sent.get("stream_options"));
    }

    @Test
    void should_send_client_stream_options_as_is_when_client_asked_for_usage() throws IOException {
        ObjectNode client = Fixtures.json("chat-request.json");
        client.put("stream", true);
        client.putObject("stream_options").put("include_usage", true);

        JsonNode sent = MAPPER.readTree(adapter.prepare(Calls.call(client, true)).body());

        assertEquals(MAPPER.readTree("{\"include_usage\":true}"), sent.get("stream_options"));
    }

    @Test
    void should_not_add_stream_options_when_request_is_not_streamed() throws IOException {
        JsonNode sent = MAPPER.readTree(adapter.prepare(Calls.call(Fixtures.json("chat-request.json"), false)).body());

        assertFalse(sent.has("stream_options"));
    }

    @Test
    void should_reject_request_naming_the_field_when_stream_options_is_not_an_object() {
        ObjectNode client = Fixtures.json("chat-request.json");
        client.put("stream", true);
        client.put("stream_options", "usage please");

        UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class, () -> adapter.prepare(Calls.call(client, true)));

        assertEquals("stream_options", e.param());
    }

    @Test
    void should_send_bearer_key_and_json_accept_when_key_is_configured() {
        UpstreamRequest request = adapter.prepare(Calls.call(Fixtures.json("chat-request.json"), false));

        assertEquals("Bearer " + Calls.KEY, request.headers().get("authorization"));
        assertEquals("application/json", request.headers().get("accept"));
        assertEquals("application/json", request.headers().get("content-type"));
    }

    @Test
    void should_accept_event_stream_when_request_is_streamed() {
        ObjectNode client = Fixtures.json("chat-request.json");
        client.put("stream", true);

        assertEquals("text/event-stream", adapter.prepare(Calls.call(client, true)).headers().get("accept"));
    }

    @Test
    void should_send_no_authorization_header_when_key_is_empty() {
        UpstreamRequest request = adapter.prepare(Calls.call(Fixtures.json("chat-request.json"), false, Calls.provider("", Map.of())));

        assertFalse(request.headers().containsKey("authorization"));
    }

    @Test
    void should_send_operator_headers_when_provider_has_extra_headers() {
        ProviderSettings provider = Calls.provider(Calls.KEY, Map.of("OpenAI-Organization", "org-123", "x-team", "search"));

        Map<String, String> headers = adapter.prepare(Calls.call(Fixtures.json("chat-request.json"), false, provider)).headers();

        assertEquals("org-123", headers.get("openai-organization"));
        assertEquals("search", headers.get("x-team"));
        assertEquals("Bearer " + Calls.KEY, headers.get("authorization"));
    }

    @Test
    void should_let_configured_key_win_when_operator_header_also_sets_authorization() {
        ProviderSettings provider = Calls.provider(Calls.KEY, Map.of("Authorization", "Bearer other"));

        Map<String, String> headers = adapter.prepare(Calls.call(Fixtures.json("chat-request.json"), false, provider)).headers();

        assertEquals("Bearer " + Calls.KEY, headers.get("authorization"));
        assertEquals(1, headers.keySet().stream().filter(h -> h.equalsIgnoreCase("authorization")).count());
    }

    @Test
    void should_keep_operator_authorization_when_no_key_is_configured() {
        ProviderSettings provider = Calls.provider("", Map.of("Authorization", "Basic dXNlcjpwYXNz"));

        Map<String, String> headers = adapter.prepare(Calls.call(Fixtures.json("chat-request.json"), false, provider)).headers();

        assertEquals("Basic dXNlcjpwYXNz", headers.get("authorization"));
    }

    @Test
    void should_serialise_unicode_and_numbers_unchanged_when_passing_fields_through() throws IOException {
        ObjectNode client = (ObjectNode) MAPPER.readTree(
                "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"h\u00e9llo \ud83d\udc4b\"}],\"temperature\":0.7,\"max_tokens\":5}");

        byte[] body = adapter.prepare(Calls.call(client, false)).body();

        assertArrayEquals(("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"h\u00e9llo \ud83d\udc4b\"}],"
                + "\"temperature\":0.7,\"max_tokens\":5}").getBytes(StandardCharsets.UTF_8), body);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
