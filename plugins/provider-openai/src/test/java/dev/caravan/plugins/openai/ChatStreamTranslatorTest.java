package dev.caravan.plugins.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatStreamTranslatorTest {

    private static final Usage STREAM_USAGE = new Usage(19, 10, 8, 0, 4, true);
    private final ProviderHarness adapter = new ProviderHarness(new OpenAiAdapter());

    @Test
    void should_pass_each_content_chunk_through_as_the_same_event_when_streaming() {
        List<SseEvent> upstream = Fixtures.events("chat-stream-with-usage.sse");
        StreamTranslator translator = adapter.openStream(streamCall(false));

        for (SseEvent event : upstream.subList(0, 4)) {
            List<SseEvent> out = translator.onEvent(event);
            assertEquals(1, out.size());
            assertSame(event, out.get(0));
        }
    }

    @Test
    void should_drop_usage_chunk_and_record_usage_when_client_did_not_ask_for_usage() {
        List<SseEvent> upstream = Fixtures.events("chat-stream-with-usage.sse");
        StreamTranslator translator = adapter.openStream(streamCall(false));

        List<SseEvent> sent = translateAll(translator, upstream);

        List<SseEvent> expected = new ArrayList<>(upstream);
        expected.remove(4); // the usage-only chunk
        assertEquals(expected, sent);
        assertEquals(STREAM_USAGE, translator.usage());
    }

    @Test
    void should_forward_usage_chunk_when_client_asked_for_usage() {
        List<SseEvent> upstream = Fixtures.events("chat-stream-with-usage.sse");
        StreamTranslator translator = adapter.openStream(streamCall(true));

        List<SseEvent> sent = translateAll(translator, upstream);

        assertEquals(upstream, sent);
        assertEquals(STREAM_USAGE, translator.usage());
    }

    @Test
    void should_pass_done_through_and_end_cleanly_when_upstream_sends_done() {
        StreamTranslator translator = adapter.openStream(streamCall(false));
        SseEvent done = SseEvent.data("[DONE]");

        assertFalse(translator.endedCleanly());
        assertEquals(List.of(done), translator.onEvent(done));
        assertEquals(List.of(), translator.onComplete());
        assertTrue(translator.endedCleanly());
    }

    @Test
    void should_not_end_cleanly_and_report_no_usage_when_stream_is_truncated() {
        StreamTranslator translator = adapter.openStream(streamCall(false));

        List<SseEvent> sent = translateAll(translator, Fixtures.events("chat-stream-truncated.sse"));

        assertEquals(Fixtures.events("chat-stream-truncated.sse"), sent);
        assertFalse(translator.endedCleanly());
        assertEquals(Usage.NONE, translator.usage());
    }

    @Test
    void should_not_take_usage_from_message_text_when_content_mentions_usage() {
        StreamTranslator translator = adapter.openStream(streamCall(false));
        SseEvent chunk = Fixtures.events("chat-stream-with-usage.sse").get(2); // content quotes a usage object

        assertEquals(List.of(chunk), translator.onEvent(chunk));
        assertEquals(Usage.NONE, translator.usage());
    }

    @Test
    void should_forward_chunk_with_empty_choices_when_it_carries_no_usage() {
        StreamTranslator translator = adapter.openStream(streamCall(false));
        SseEvent filterResults = SseEvent.data("{\"id\":\"\",\"object\":\"\",\"created\":0,\"model\":\"\",\"prompt_filter_results\":"
                + "[{\"prompt_index\":0,\"content_filter_results\":{}}],\"choices\":[],\"usage\":null}");

        assertEquals(List.of(filterResults), translator.onEvent(filterResults));
    }

    @Test
    void should_forward_event_unchanged_when_data_is_not_json() {
        StreamTranslator translator = adapter.openStream(streamCall(false));
        SseEvent odd = new SseEvent("ping", "{\"usage\": not json");

        assertEquals(List.of(odd), translator.onEvent(odd));
        assertEquals(Usage.NONE, translator.usage());
    }

    private static List<SseEvent> translateAll(StreamTranslator translator, List<SseEvent> upstream) {
        List<SseEvent> sent = new ArrayList<>();
        upstream.forEach(event -> sent.addAll(translator.onEvent(event)));
        sent.addAll(translator.onComplete());
        return sent;
    }

    private static dev.caravan.api.provider.ProviderCall streamCall(boolean clientAsksForUsage) {
        ObjectNode body = Fixtures.json("chat-request.json");
        body.put("stream", true);
        if (clientAsksForUsage) {
            body.putObject("stream_options").put("include_usage", true);
        }
        return Calls.call(body, true);
    }
}
