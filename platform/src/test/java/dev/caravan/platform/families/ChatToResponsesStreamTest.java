package dev.caravan.platform.families;

import static dev.caravan.platform.families.ChatPassThrough.USAGE;
import static dev.caravan.platform.families.ChatPassThrough.chunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.SseEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatToResponsesStreamTest {

    private static final ObjectNode REQUEST = FamilyJson.parseObject("{\"model\":\"fast\",\"input\":\"hi\",\"stream\":true}");

    private static List<SseEvent> run(String... chunks) {
        return ChatPassThrough.run(new ChatToResponsesStream(new ChatPassThrough(), REQUEST), chunks);
    }

    private static List<String> names(List<SseEvent> events) {
        return events.stream().map(SseEvent::event).toList();
    }

    private static ObjectNode data(SseEvent event) {
        return FamilyJson.parseObject(event.data());
    }

    @Test
    void should_emit_the_responses_event_sequence_for_a_text_stream() {
        List<SseEvent> events = run(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null), chunk("{\"content\":\"Hel\"}", null),
                chunk("{\"content\":\"lo\"}", null), chunk("{}", "stop"), USAGE, "[DONE]");

        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed"), names(events));
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i, data(events.get(i)).get("sequence_number").asInt());
            assertEquals(events.get(i).event(), data(events.get(i)).get("type").asText());
        }
        assertEquals("Hello", data(events.get(6)).get("text").asText());
    }

    @Test
    void should_carry_the_whole_response_with_usage_in_response_completed() {
        List<SseEvent> events = run(chunk("{\"content\":\"Hello\"}", null), chunk("{}", "stop"), USAGE, "[DONE]");
        ObjectNode response = (ObjectNode) data(events.get(events.size() - 1)).get("response");

        assertEquals("completed", response.get("status").asText());
        assertEquals("Hello", response.at("/output/0/content/0/text").asText());
        assertEquals(20, response.at("/usage/input_tokens").asLong());
        assertEquals(5, response.at("/usage/input_tokens_details/cached_tokens").asLong());
        assertEquals(7, response.at("/usage/output_tokens").asLong());
    }

    @Test
    void should_stream_a_tool_call_as_a_function_call_item_with_argument_deltas() {
        List<SseEvent> events = run(
                chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"w\",\"arguments\":\"\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}", null),
                chunk("{}", "tool_calls"), USAGE, "[DONE]");

        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed"), names(events));
        assertEquals("function_call", data(events.get(2)).at("/item/type").asText());
        assertEquals("call_1", data(events.get(2)).at("/item/call_id").asText());
        assertEquals("{\"city\":\"Paris\"}", data(events.get(5)).get("arguments").asText());
        ObjectNode done = (ObjectNode) data(events.get(6)).get("item");
        assertEquals("completed", done.get("status").asText());
        assertEquals("{\"city\":\"Paris\"}", done.get("arguments").asText());
    }

    @Test
    void should_end_a_cut_stream_with_an_error_event_numbered_next() {
        ChatToResponsesStream stream = new ChatToResponsesStream(new ChatPassThrough(), REQUEST);
        List<SseEvent> events = ChatPassThrough.run(stream, chunk("{\"content\":\"Hel\"}", null));
        SseEvent error = stream.failureEvents("cut").get(0);

        assertFalse(stream.endedCleanly());
        assertEquals("error", error.event());
        assertEquals(events.size(), data(error).get("sequence_number").asInt());
    }
}
