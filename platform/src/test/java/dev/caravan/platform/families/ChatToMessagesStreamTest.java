package dev.caravan.platform.families;

import static dev.caravan.platform.families.ChatPassThrough.USAGE;
import static dev.caravan.platform.families.ChatPassThrough.chunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.SseEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatToMessagesStreamTest {

    private static List<SseEvent> run(String... chunks) {
        return ChatPassThrough.run(new ChatToMessagesStream(new ChatPassThrough(), "fast"), chunks);
    }

    private static List<String> names(List<SseEvent> events) {
        return events.stream().map(SseEvent::event).toList();
    }

    private static ObjectNode data(SseEvent event) {
        return FamilyJson.parseObject(event.data());
    }

    @Test
    void should_emit_anthropics_event_sequence_for_a_text_stream() {
        List<SseEvent> events = run(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null), chunk("{\"content\":\"Hel\"}", null),
                chunk("{\"content\":\"lo\"}", null), chunk("{}", "stop"), USAGE, "[DONE]");

        assertEquals(List.of("message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop"), names(events));
        assertEquals("text_delta", data(events.get(3)).at("/delta/type").asText());
        assertEquals("Hel", data(events.get(3)).at("/delta/text").asText());
        assertEquals("msg_abc", data(events.get(0)).at("/message/id").asText());
    }

    @Test
    void should_report_stop_reason_and_usage_in_message_delta() {
        List<SseEvent> events = run(chunk("{\"content\":\"x\"}", null), chunk("{}", "length"), USAGE, "[DONE]");
        ObjectNode delta = data(events.get(events.size() - 2));

        assertEquals("max_tokens", delta.at("/delta/stop_reason").asText());
        assertEquals(7, delta.at("/usage/output_tokens").asLong());
        assertEquals(15, delta.at("/usage/input_tokens").asLong());
        assertEquals(5, delta.at("/usage/cache_read_input_tokens").asLong());
    }

    @Test
    void should_stream_a_tool_call_as_a_tool_use_block_with_input_json_deltas() {
        List<SseEvent> events = run(chunk("{\"content\":\"Let me check.\"}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}", null),
                chunk("{}", "tool_calls"), USAGE, "[DONE]");

        assertEquals(List.of("message_start", "ping", "content_block_start", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop"), names(events));
        ObjectNode toolStart = data(events.get(5));
        assertEquals(1, toolStart.get("index").asInt());
        assertEquals("tool_use", toolStart.at("/content_block/type").asText());
        assertEquals("call_1", toolStart.at("/content_block/id").asText());
        assertEquals("get_weather", toolStart.at("/content_block/name").asText());
        assertEquals("input_json_delta", data(events.get(6)).at("/delta/type").asText());
        assertEquals("{\"city\":\"Paris\"}",
                data(events.get(6)).at("/delta/partial_json").asText() + data(events.get(7)).at("/delta/partial_json").asText());
        assertEquals("tool_use", data(events.get(9)).at("/delta/stop_reason").asText());
    }

    @Test
    void should_not_end_the_message_when_the_upstream_stops_without_done() {
        ChatToMessagesStream stream = new ChatToMessagesStream(new ChatPassThrough(), "fast");
        List<SseEvent> events = ChatPassThrough.run(stream, chunk("{\"content\":\"Hel\"}", null));

        assertFalse(names(events).contains("message_stop"));
        assertFalse(stream.endedCleanly());
        SseEvent error = stream.failureEvents("cut").get(0);
        assertEquals("error", error.event());
        assertEquals("api_error", data(error).at("/error/type").asText());
    }

    @Test
    void should_end_cleanly_after_done() {
        ChatToMessagesStream stream = new ChatToMessagesStream(new ChatPassThrough(), "fast");
        ChatPassThrough.run(stream, chunk("{\"content\":\"x\"}", "stop"), "[DONE]");

        assertTrue(stream.endedCleanly());
    }
}
