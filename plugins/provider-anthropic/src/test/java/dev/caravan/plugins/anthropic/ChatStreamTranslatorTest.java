package dev.caravan.plugins.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.ChatChunks;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatStreamTranslatorTest {

    private final ProviderHarness adapter = Calls.adapter();

    @Test
    void should_send_role_content_finish_and_done_chunks_when_replaying_a_text_stream() {
        StreamTranslator translator = adapter.openStream(streamCall(false));

        List<SseEvent> sent = Fixtures.replay(translator, Fixtures.events("stream-text.sse"));

        assertSameChunks(Fixtures.events("chat-stream-text.sse"), sent);
        assertTrue(translator.endedCleanly());
        assertEquals(new Usage(25 + 2048, 15, 2048, 0, 0, true), translator.usage());
    }

    @Test
    void should_send_tool_call_chunks_and_usage_chunk_when_replaying_a_tool_stream_for_a_client_asking_usage() {
        StreamTranslator translator = adapter.openStream(streamCall(true));

        List<SseEvent> sent = Fixtures.replay(translator, Fixtures.events("stream-tool-use.sse"));

        assertSameChunks(Fixtures.events("chat-stream-tool-use-with-usage.sse"), sent);
        assertTrue(translator.endedCleanly());
        assertEquals(new Usage(472, 89, 0, 0, 0, true), translator.usage());
    }

    @Test
    void should_start_with_null_content_when_the_first_block_is_a_tool_use() {
        List<SseEvent> upstream = List.of(
                SseEvent.data("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude\",\"usage\":{\"input_tokens\":5}}}"),
                SseEvent.data("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"weather\",\"input\":{}}}"),
                SseEvent.data("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}"),
                SseEvent.data("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":3}}"),
                SseEvent.data("{\"type\":\"message_stop\"}"));

        List<SseEvent> sent = Fixtures.replay(adapter.openStream(streamCall(false)), upstream);

        assertEquals("{\"role\":\"assistant\",\"content\":null}", Fixtures.tree(sent.get(0).data()).at("/choices/0/delta").toString());
        assertEquals("weather", Fixtures.tree(sent.get(1).data()).at("/choices/0/delta/tool_calls/0/function/name").asText());
        assertEquals("tool_calls", Fixtures.tree(sent.get(3).data()).at("/choices/0/finish_reason").asText());
    }

    @Test
    void should_send_chunks_the_openai_sdk_accepts_when_translating_streams() {
        for (String fixture : new String[] {"stream-text.sse", "stream-tool-use.sse", "stream-thinking.sse"}) {
            for (SseEvent event : Fixtures.replay(adapter.openStream(streamCall(true)), Fixtures.events(fixture))) {
                assertEquals(null, event.event(), "OpenAI chunks carry no event name");
                if (!"[DONE]".equals(event.data())) {
                    Sdks.openAi(event.data(), ChatCompletionChunk.class).validate();
                }
            }
        }
    }

    @Test
    void should_reassemble_tool_arguments_into_the_json_anthropic_streamed_when_fragments_are_joined() {
        List<SseEvent> sent = Fixtures.replay(adapter.openStream(streamCall(false)), Fixtures.events("stream-tool-use.sse"));

        StringBuilder berlin = new StringBuilder();
        for (SseEvent event : sent) {
            JsonNode call = Fixtures.tree(event.data().equals("[DONE]") ? "{}" : event.data()).at("/choices/0/delta/tool_calls/0");
            if (call.path("index").asInt(-1) == 0) {
                berlin.append(call.at("/function/arguments").asText());
            }
        }
        assertEquals(Fixtures.tree("{\"location\":\"Berlin, Germany\"}"), Fixtures.tree(berlin.toString()));
    }

    @Test
    void should_skip_thinking_redacted_thinking_and_signature_when_stream_has_extended_thinking() {
        StreamTranslator translator = adapter.openStream(streamCall(false));

        List<SseEvent> sent = Fixtures.replay(translator, Fixtures.events("stream-thinking.sse"));

        List<String> deltas = new ArrayList<>();
        sent.forEach(event -> deltas.add(event.data().equals("[DONE]") ? "[DONE]" : Fixtures.tree(event.data()).at("/choices/0/delta").toString()));
        assertEquals(List.of("{\"role\":\"assistant\",\"content\":\"\"}", "{\"content\":\"27 * 453 = 12,231\"}", "{}", "[DONE]"), deltas);
        assertTrue(translator.endedCleanly());
        assertEquals(new Usage(85, 120, 0, 0, 0, true), translator.usage());
    }

    @Test
    void should_not_end_cleanly_and_send_nothing_more_when_upstream_sends_an_error_event() {
        StreamTranslator translator = adapter.openStream(streamCall(false));
        List<SseEvent> upstream = Fixtures.events("stream-error.sse");

        List<SseEvent> sent = Fixtures.replay(translator, upstream);

        assertEquals(2, sent.size()); // the role chunk and "The answer"; the platform ends the stream with its error event
        assertEquals("The answer", Fixtures.tree(sent.get(1).data()).at("/choices/0/delta/content").asText());
        assertFalse(translator.endedCleanly());
        assertFalse(sent.contains(ChatChunks.DONE));
    }

    @Test
    void should_not_end_cleanly_when_stream_ends_without_message_stop() {
        StreamTranslator translator = adapter.openStream(streamCall(false));

        List<SseEvent> sent = Fixtures.replay(translator, Fixtures.events("stream-truncated.sse"));

        assertFalse(translator.endedCleanly());
        assertFalse(sent.contains(ChatChunks.DONE));
        assertEquals(new Usage(40, 1, 0, 0, 0, true), translator.usage());
    }

    @Test
    void should_take_cumulative_counts_from_message_delta_when_it_reports_input_and_cache_tokens() {
        StreamTranslator translator = adapter.openStream(streamCall(false));
        translator.onEvent(Fixtures.events("stream-text.sse").get(0));

        translator.onEvent(new SseEvent("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"input_tokens\":30,\"cache_creation_input_tokens\":100,"
                + "\"cache_read_input_tokens\":2048,\"output_tokens\":42}}"));

        assertEquals(new Usage(30 + 100 + 2048, 42, 2048, 100, 0, true), translator.usage());
    }

    @Test
    void should_ignore_events_it_does_not_know_when_the_api_adds_new_ones() {
        StreamTranslator translator = adapter.openStream(streamCall(false));

        assertEquals(List.of(), translator.onEvent(new SseEvent("content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"citations_delta\",\"citation\":{}}}")));
        assertEquals(List.of(), translator.onEvent(new SseEvent("future_event", "{\"type\":\"future_event\"}")));
        assertEquals(List.of(), translator.onEvent(new SseEvent(null, "not json")));
    }

    private static void assertSameChunks(List<SseEvent> expected, List<SseEvent> actual) {
        assertEquals(expected.size(), actual.size(), "number of chunks");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).event(), actual.get(i).event(), "event name of chunk " + i);
            if ("[DONE]".equals(expected.get(i).data())) {
                assertEquals("[DONE]", actual.get(i).data());
            } else {
                assertEquals(Fixtures.tree(expected.get(i).data()), Fixtures.tree(actual.get(i).data()), "chunk " + i);
            }
        }
    }

    private static dev.caravan.api.provider.ProviderCall streamCall(boolean includeUsage) {
        ObjectNode body = Fixtures.json("chat-request-basic.json");
        body.put("stream", true);
        if (includeUsage) {
            body.putObject("stream_options").put("include_usage", true);
        }
        return Calls.chat(body);
    }
}
