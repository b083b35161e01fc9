package dev.caravan.plugins.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.ApiFamily;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Responses API and image generation streams: passed through event by event, metered from their end event. */
class TypedEventStreamTest {

    private final ProviderHarness adapter = new ProviderHarness(new OpenAiAdapter());

    private StreamTranslator open(ApiFamily family) {
        return adapter.openStream(Calls.call(family, Fixtures.json("responses-request.json"), "gpt-4.1-mini", true,
                Calls.provider("p", "https://api.openai.com/v1", null)));
    }

    private static List<SseEvent> replay(StreamTranslator translator, List<SseEvent> upstream) {
        List<SseEvent> sent = upstream.stream().flatMap(e -> translator.onEvent(e).stream()).toList();
        assertEquals(List.of(), translator.onComplete());
        return sent;
    }

    @Test
    void should_pass_every_responses_event_through_unchanged_with_its_name_when_streaming() {
        List<SseEvent> upstream = Fixtures.events("responses-stream.sse");

        List<SseEvent> sent = replay(open(ApiFamily.RESPONSES), upstream);

        assertEquals(upstream, sent);
        assertEquals("response.created", sent.get(0).event());
        assertEquals("response.completed", sent.get(sent.size() - 1).event());
    }

    @Test
    void should_take_usage_from_response_completed_and_end_cleanly_when_stream_completes() {
        StreamTranslator translator = open(ApiFamily.RESPONSES);

        replay(translator, Fixtures.events("responses-stream.sse"));

        assertEquals(new Usage(37, 11, 0, 0, 0, true), translator.usage());
        assertTrue(translator.endedCleanly());
    }

    @Test
    void should_not_end_cleanly_when_responses_stream_stops_before_its_end_event() {
        List<SseEvent> upstream = Fixtures.events("responses-stream.sse");
        StreamTranslator translator = open(ApiFamily.RESPONSES);

        replay(translator, upstream.subList(0, upstream.size() - 1));

        assertFalse(translator.endedCleanly());
        assertEquals(Usage.NONE, translator.usage());
    }

    @Test
    void should_not_end_cleanly_when_upstream_sends_response_failed() {
        StreamTranslator translator = open(ApiFamily.RESPONSES);

        List<SseEvent> sent = replay(translator, Fixtures.events("responses-stream-failed.sse"));

        assertEquals("response.failed", sent.get(sent.size() - 1).event());
        assertFalse(translator.endedCleanly());
    }

    @Test
    void should_not_end_cleanly_when_upstream_sends_an_error_event() {
        StreamTranslator translator = open(ApiFamily.RESPONSES);

        replay(translator, Fixtures.events("responses-stream-error.sse"));

        assertFalse(translator.endedCleanly());
    }

    @Test
    void should_end_cleanly_with_usage_when_response_is_incomplete() {
        StreamTranslator translator = open(ApiFamily.RESPONSES);

        replay(translator, Fixtures.events("responses-stream-incomplete.sse"));

        assertTrue(translator.endedCleanly());
        assertEquals(new Usage(22, 16, 0, 0, 0, true), translator.usage());
    }

    @Test
    void should_read_the_type_from_data_when_server_omits_event_names() {
        StreamTranslator translator = open(ApiFamily.RESPONSES);
        List<SseEvent> unnamed = Fixtures.events("responses-stream.sse").stream().map(e -> SseEvent.data(e.data())).toList();

        assertEquals(unnamed, replay(translator, unnamed));
        assertTrue(translator.endedCleanly());
        assertEquals(new Usage(37, 11, 0, 0, 0, true), translator.usage());
    }

    @Test
    void should_take_usage_from_image_generation_completed_when_images_are_streamed() {
        StreamTranslator translator = open(ApiFamily.IMAGES);
        List<SseEvent> upstream = Fixtures.events("images-stream.sse");

        assertEquals(upstream, replay(translator, upstream));
        assertTrue(translator.endedCleanly());
        assertEquals(new Usage(18, 272, 0, 0, 0, true), translator.usage());
    }
}
