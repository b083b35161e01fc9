package dev.caravan.platform.families;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.UnsupportedRequestException;
import org.junit.jupiter.api.Test;

class ResponsesToChatTest {

    private static ObjectNode chat(String responsesRequest) {
        return ResponsesToChat.translate(FamilyJson.parseObject(responsesRequest));
    }

    @Test
    void should_turn_instructions_and_a_string_input_into_system_and_user_messages() {
        ObjectNode chat = chat("{\"model\":\"m\",\"instructions\":\"Be brief.\",\"input\":\"hi\",\"max_output_tokens\":40}");

        assertEquals("system", chat.at("/messages/0/role").asText());
        assertEquals("Be brief.", chat.at("/messages/0/content").asText());
        assertEquals("user", chat.at("/messages/1/role").asText());
        assertEquals("hi", chat.at("/messages/1/content").asText());
        assertEquals(40, chat.get("max_tokens").asInt());
    }

    @Test
    void should_turn_input_items_with_text_and_image_parts_into_chat_parts() {
        ObjectNode chat = chat("{\"model\":\"m\",\"input\":[{\"role\":\"developer\",\"content\":\"Rules\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"input_image\",\"image_url\":\"https://example.com/cat.jpg\",\"detail\":\"low\"}]}]}");
        JsonNode user = chat.at("/messages/1");

        assertEquals("system", chat.at("/messages/0/role").asText());
        assertEquals("text", user.at("/content/0/type").asText());
        assertEquals("https://example.com/cat.jpg", user.at("/content/1/image_url/url").asText());
        assertEquals("low", user.at("/content/1/image_url/detail").asText());
    }

    @Test
    void should_group_function_calls_into_one_assistant_message_followed_by_tool_messages() {
        ObjectNode chat = chat("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"Weather?\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"w\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"call_2\",\"name\":\"w\",\"arguments\":\"{\\\"city\\\":\\\"Rome\\\"}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"18 C\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"call_2\",\"output\":\"25 C\"}]}");
        JsonNode messages = chat.get("messages");

        assertEquals(4, messages.size());
        assertEquals(2, messages.at("/1/tool_calls").size());
        assertEquals("call_2", messages.at("/1/tool_calls/1/id").asText());
        assertEquals("tool", messages.at("/2/role").asText());
        assertEquals("call_1", messages.at("/2/tool_call_id").asText());
        assertEquals("25 C", messages.at("/3/content").asText());
    }

    @Test
    void should_map_function_tools_tool_choice_and_json_schema_format() {
        ObjectNode chat = chat("{\"model\":\"m\",\"input\":\"hi\",\"tools\":[{\"type\":\"function\",\"name\":\"w\","
                + "\"description\":\"Weather\",\"parameters\":{\"type\":\"object\"},\"strict\":true}],"
                + "\"tool_choice\":{\"type\":\"function\",\"name\":\"w\"},"
                + "\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"out\",\"schema\":{\"type\":\"object\"},\"strict\":true}}}");

        assertEquals("w", chat.at("/tools/0/function/name").asText());
        assertTrue(chat.at("/tools/0/function/strict").asBoolean());
        assertEquals("w", chat.at("/tool_choice/function/name").asText());
        assertEquals("json_schema", chat.at("/response_format/type").asText());
        assertEquals("out", chat.at("/response_format/json_schema/name").asText());
    }

    @Test
    void should_refuse_a_built_in_tool_naming_its_type() {
        UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class,
                () -> chat("{\"model\":\"m\",\"input\":\"hi\",\"tools\":[{\"type\":\"web_search\"}]}"));

        assertEquals("tools[0].type", e.param());
    }

    @Test
    void should_ask_for_stream_usage_when_streaming() {
        ObjectNode chat = chat("{\"model\":\"m\",\"input\":\"hi\",\"stream\":true}");

        assertTrue(chat.at("/stream_options/include_usage").asBoolean());
    }
}
