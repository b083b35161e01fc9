package com.example.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.api.provider.UpstreamRequest;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatRequestMapperTest {

    private static final JsonNode WITH_PROMPT = Fixtures.body("{\"system_prompt\":\"Answer in English.\"}");
    private final ProviderHarness adapter = new ProviderHarness(new ExampleAdapter());

    private UpstreamRequest prepare(ObjectNode body, boolean stream, JsonNode options) {
        return adapter.prepare(Calls.call(body, stream, options));
    }

    private String refusedParam(String body) {
        return assertThrows(UnsupportedRequestException.class, () -> prepare(Fixtures.body(body), false, null)).param();
    }

    @Test
    void should_map_the_client_request_field_by_field_when_preparing() {
        UpstreamRequest request = prepare((ObjectNode) Fixtures.json("chat-request.json"), false, WITH_PROMPT);

        assertEquals(Fixtures.json("upstream-request.json"), Fixtures.json(request.body()));
    }

    @Test
    void should_post_to_chat_completions_with_bearer_key_and_operator_headers_when_preparing() {
        UpstreamRequest request = prepare((ObjectNode) Fixtures.json("chat-request.json"), false, null);

        assertEquals(URI.create("http://upstream.test/v1/chat/completions"), request.uri());
        assertEquals(Map.of("x-team", "search", "authorization", "Bearer " + Calls.KEY, "accept", "application/json",
                "content-type", "application/json"), request.headers());
    }

    @Test
    void should_ask_for_usage_and_events_when_streaming() {
        UpstreamRequest request = prepare((ObjectNode) Fixtures.json("chat-request.json"), true, null);

        JsonNode body = Fixtures.json(request.body());
        assertEquals(true, body.path("stream").asBoolean());
        assertEquals(true, body.path("stream_options").path("include_usage").asBoolean());
        assertEquals("text/event-stream", request.headers().get("accept"));
    }

    @Test
    void should_refuse_naming_tools_when_client_sends_tools() {
        assertEquals("tools", refusedParam("{\"model\":\"ex\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[]}"));
    }

    @Test
    void should_refuse_naming_the_part_when_client_sends_an_image() {
        assertEquals("messages[0].content[1]", refusedParam("{\"model\":\"ex\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"what is this?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x.test/a.png\"}}]}]}"));
    }

    @Test
    void should_refuse_naming_the_field_when_the_mapping_does_not_know_it() {
        assertEquals("logit_bias", refusedParam("{\"model\":\"ex\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"logit_bias\":{}}"));
    }

    @Test
    void should_refuse_naming_n_when_client_wants_several_choices() {
        assertEquals("n", refusedParam("{\"model\":\"ex\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":3}"));
    }

    @Test
    void should_refuse_naming_the_role_when_client_sends_a_tool_message() {
        assertEquals("messages[0].role", refusedParam("{\"model\":\"ex\",\"messages\":[{\"role\":\"tool\",\"content\":\"42\"}]}"));
    }

    @Test
    void should_refuse_naming_stream_when_streaming_is_turned_off() {
        UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class,
                () -> prepare((ObjectNode) Fixtures.json("chat-request.json"), true, Fixtures.body("{\"streaming\":false}")));

        assertEquals("stream", e.param());
    }
}
