package dev.caravan.platform.families;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ChatToMessageTest {

    private static ObjectNode message(String message, String finishReason) {
        return ChatToMessage.translate(FamilyJson.parseObject("{\"id\":\"chatcmpl-123\",\"object\":\"chat.completion\","
                + "\"created\":1700000000,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":" + message
                + ",\"finish_reason\":\"" + finishReason + "\"}],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":7,"
                + "\"total_tokens\":27,\"prompt_tokens_details\":{\"cached_tokens\":5}}}"));
    }

    @Test
    void should_answer_a_text_completion_as_a_message_with_a_text_block() {
        ObjectNode message = message("{\"role\":\"assistant\",\"content\":\"Hello!\"}", "stop");

        assertEquals("msg_123", message.get("id").asText());
        assertEquals("message", message.get("type").asText());
        assertEquals("assistant", message.get("role").asText());
        assertEquals("gpt-4o-mini", message.get("model").asText());
        assertEquals("Hello!", message.at("/content/0/text").asText());
        assertEquals("end_turn", message.get("stop_reason").asText());
        assertEquals(true, message.get("stop_sequence").isNull());
    }

    @Test
    void should_turn_tool_calls_into_tool_use_blocks_with_parsed_input() {
        ObjectNode message = message("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}", "tool_calls");

        assertEquals("tool_use", message.at("/content/0/type").asText());
        assertEquals("call_1", message.at("/content/0/id").asText());
        assertEquals("get_weather", message.at("/content/0/name").asText());
        assertEquals("Paris", message.at("/content/0/input/city").asText());
        assertEquals("tool_use", message.get("stop_reason").asText());
    }

    @Test
    void should_map_length_to_max_tokens() {
        assertEquals("max_tokens", message("{\"role\":\"assistant\",\"content\":\"x\"}", "length").get("stop_reason").asText());
    }

    @Test
    void should_count_cache_reads_apart_from_input_tokens() {
        ObjectNode usage = (ObjectNode) message("{\"role\":\"assistant\",\"content\":\"x\"}", "stop").get("usage");

        assertEquals(15, usage.get("input_tokens").asLong());
        assertEquals(5, usage.get("cache_read_input_tokens").asLong());
        assertEquals(7, usage.get("output_tokens").asLong());
    }
}
