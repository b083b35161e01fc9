package dev.caravan.plugins.anthropic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A client of /v1/messages gets Anthropic's own bytes: no lossy hop through the chat shape. */
class MessagesPassThroughTest {

    private final ProviderHarness adapter = Calls.adapter();

    @Test
    void should_replace_only_model_keeping_field_order_when_client_called_messages() {
        ObjectNode client = Fixtures.json("messages-request-native.json");

        JsonNode sent = Fixtures.tree(adapter.prepare(Calls.messages(client)).body());

        ObjectNode expected = client.deepCopy();
        expected.put("model", Calls.TARGET_MODEL);
        assertEquals(expected, sent);
        assertEquals(fieldNames(client), fieldNames(sent));
    }

    @Test
    void should_keep_max_tokens_absent_when_messages_client_left_it_out() {
        ObjectNode client = Fixtures.object("{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        JsonNode sent = Fixtures.tree(adapter.prepare(Calls.messages(client)).body());

        assertFalse(sent.has("max_tokens")); // Anthropic's own error tells the client, in its own words
    }

    @Test
    void should_serialise_unicode_unescaped_when_passing_body_through() {
        ObjectNode client = Fixtures.object("{\"model\":\"claude\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"h\u00e9llo \ud83d\udc4b\"}]}");

        byte[] body = adapter.prepare(Calls.messages(client)).body();

        assertArrayEquals(("{\"model\":\"" + Calls.TARGET_MODEL + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"h\u00e9llo \ud83d\udc4b\"}]}")
                .getBytes(StandardCharsets.UTF_8), body);
    }

    @Test
    void should_return_upstream_bytes_unchanged_with_usage_when_response_is_complete() {
        byte[] upstream = Fixtures.bytes("messages-response-text.json");

        ProviderResponse response = adapter.translateResponse(Calls.messages(Fixtures.json("messages-request-native.json")), upstream);

        assertSame(upstream, response.body());
        assertEquals(new Usage(21 + 1024 + 188, 14, 1024, 188, 0, true), response.usage());
    }

    @Test
    void should_report_no_usage_and_keep_bytes_when_response_is_malformed() {
        byte[] upstream = "{\"id\":\"msg_1\",\"content\":[".getBytes(StandardCharsets.UTF_8);

        ProviderResponse response = adapter.translateResponse(Calls.messages(Fixtures.json("messages-request-native.json")), upstream);

        assertSame(upstream, response.body());
        assertEquals(Usage.NONE, response.usage());
    }

    @Test
    void should_pass_every_event_through_as_the_same_object_when_streaming() {
        for (String fixture : new String[] {"stream-text.sse", "stream-tool-use.sse", "stream-thinking.sse"}) {
            StreamTranslator translator = adapter.openStream(streamCall());
            List<SseEvent> upstream = Fixtures.events(fixture);

            List<SseEvent> sent = new ArrayList<>();
            for (SseEvent event : upstream) {
                List<SseEvent> out = translator.onEvent(event);
                assertEquals(1, out.size(), fixture);
                assertSame(event, out.get(0), fixture);
                sent.addAll(out);
            }
            assertEquals(List.of(), translator.onComplete());
            assertEquals(upstream, sent);
            assertTrue(translator.endedCleanly(), fixture);
        }
    }

    @Test
    void should_collect_usage_from_message_start_and_message_delta_when_streaming() {
        StreamTranslator translator = adapter.openStream(streamCall());

        Fixtures.replay(translator, Fixtures.events("stream-text.sse"));

        assertEquals(new Usage(25 + 2048, 15, 2048, 0, 0, true), translator.usage());
    }

    @Test
    void should_read_event_types_from_data_when_upstream_sends_no_event_names() {
        StreamTranslator translator = adapter.openStream(streamCall());
        List<SseEvent> unnamed = new ArrayList<>();
        Fixtures.events("stream-tool-use.sse").forEach(event -> unnamed.add(SseEvent.data(event.data())));

        assertEquals(unnamed, Fixtures.replay(translator, unnamed));
        assertTrue(translator.endedCleanly());
        assertEquals(new Usage(472, 89, 0, 0, 0, true), translator.usage());
    }

    @Test
    void should_pass_error_event_through_and_not_end_cleanly_when_upstream_fails_mid_stream() {
        StreamTranslator translator = adapter.openStream(streamCall());
        List<SseEvent> upstream = Fixtures.events("stream-error.sse");

        assertEquals(upstream, Fixtures.replay(translator, upstream));
        assertFalse(translator.endedCleanly());
    }

    @Test
    void should_not_end_cleanly_when_stream_ends_without_message_stop() {
        StreamTranslator translator = adapter.openStream(streamCall());

        Fixtures.replay(translator, Fixtures.events("stream-truncated.sse"));

        assertFalse(translator.endedCleanly());
        assertEquals(new Usage(40, 1, 0, 0, 0, true), translator.usage());
    }

    private static dev.caravan.api.provider.ProviderCall streamCall() {
        ObjectNode body = Fixtures.json("messages-request-native.json");
        body.put("stream", true);
        return Calls.messages(body);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
