package dev.caravan.platform.families;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ChatToResponseTest {

    private static final ObjectNode REQUEST = FamilyJson.parseObject("{\"model\":\"fast\",\"input\":\"hi\",\"instructions\":\"Be brief.\",\"max_output_tokens\":50}");

    private static ObjectNode response(String message, String finishReason) {
        return ChatToResponse.translate(REQUEST, FamilyJson.parseObject("{\"id\":\"chatcmpl-123\",\"object\":\"chat.completion\","
                + "\"created\":1700000000,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":" + message
                + ",\"finish_reason\":\"" + finishReason + "\"}],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":7,"
                + "\"total_tokens\":27,\"prompt_tokens_details\":{\"cached_tokens\":5},\"completion_tokens_details\":{\"reasoning_tokens\":3}}}"));
    }

    @Test
    void should_answer_a_text_completion_as_a_completed_response_with_a_message_item() {
        ObjectNode response = response("{\"role\":\"assistant\",\"content\":\"Hello!\"}", "stop");

        assertEquals("resp_123", response.get("id").asText());
        assertEquals("response", response.get("object").asText());
        assertEquals("completed", response.get("status").asText());
        assertEquals(1700000000, response.get("created_at").asLong());
        assertEquals("message", response.at("/output/0/type").asText());
        assertEquals("output_text", response.at("/output/0/content/0/type").asText());
        assertEquals("Hello!", response.at("/output/0/content/0/text").asText());
        assertEquals("Be brief.", response.get("instructions").asText());
        assertEquals(50, response.get("max_output_tokens").asInt());
    }

    @Test
    void should_turn_tool_calls_into_function_call_items() {
        ObjectNode response = response("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"w\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}", "tool_calls");

        assertEquals("function_call", response.at("/output/0/type").asText());
        assertEquals("call_1", response.at("/output/0/call_id").asText());
        assertEquals("w", response.at("/output/0/name").asText());
        assertEquals("{\"city\":\"Paris\"}", response.at("/output/0/arguments").asText());
        assertTrue(response.at("/output/0/id").asText().startsWith("fc_"));
    }

    @Test
    void should_mark_a_length_cut_response_incomplete() {
        ObjectNode response = response("{\"role\":\"assistant\",\"content\":\"x\"}", "length");

        assertEquals("incomplete", response.get("status").asText());
        assertEquals("max_output_tokens", response.at("/incomplete_details/reason").asText());
    }

    @Test
    void should_report_usage_with_cached_and_reasoning_tokens() {
        ObjectNode usage = (ObjectNode) response("{\"role\":\"assistant\",\"content\":\"x\"}", "stop").get("usage");

        assertEquals(20, usage.get("input_tokens").asLong());
        assertEquals(5, usage.at("/input_tokens_details/cached_tokens").asLong());
        assertEquals(7, usage.get("output_tokens").asLong());
        assertEquals(3, usage.at("/output_tokens_details/reasoning_tokens").asLong());
        assertEquals(27, usage.get("total_tokens").asLong());
    }
}
