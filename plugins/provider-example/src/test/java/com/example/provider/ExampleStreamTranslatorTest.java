package com.example.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.Usage;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleStreamTranslatorTest {

    private final ProviderHarness adapter = new ProviderHarness(new ExampleAdapter());

    private StreamTranslator open(String body) {
        return adapter.openStream(Calls.call(Fixtures.body(body), true, null));
    }

    private static List<SseEvent> replay(StreamTranslator translator, List<SseEvent> upstream) {
        List<SseEvent> sent = upstream.stream().flatMap(e -> translator.onEvent(e).stream()).toList();
        assertEquals(List.of(), translator.onComplete());
        return sent;
    }

    private static List<String> data(List<SseEvent> events) {
        return events.stream().map(e -> e.data().equals("[DONE]") ? e.data() : Fixtures.json(e.data().getBytes()).toString()).toList();
    }

    @Test
    void should_translate_each_chunk_and_hide_usage_chunk_when_client_did_not_ask_for_usage() {
        StreamTranslator translator = open("{\"model\":\"ex\",\"stream\":true}");

        List<SseEvent> sent = replay(translator, Fixtures.events("upstream-stream.sse"));

        assertEquals(data(Fixtures.events("canonical-stream.sse")), data(sent));
        assertEquals(Usage.of(24, 4), translator.usage());
        assertTrue(translator.endedCleanly());
    }

    @Test
    void should_forward_a_usage_chunk_when_client_asked_for_usage() {
        StreamTranslator translator = open("{\"model\":\"ex\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

        List<SseEvent> sent = replay(translator, Fixtures.events("upstream-stream.sse"));

        SseEvent usageChunk = sent.get(sent.size() - 2);
        assertEquals(28, Fixtures.json(usageChunk.data().getBytes()).path("usage").path("total_tokens").asInt());
    }

    @Test
    void should_not_end_cleanly_when_upstream_stops_before_done() {
        List<SseEvent> upstream = Fixtures.events("upstream-stream.sse");
        StreamTranslator translator = open("{\"model\":\"ex\",\"stream\":true}");

        replay(translator, upstream.subList(0, 3));

        assertFalse(translator.endedCleanly());
        assertEquals(Usage.NONE, translator.usage());
    }
}
