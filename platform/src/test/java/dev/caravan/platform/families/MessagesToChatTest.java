package dev.caravan.platform.families;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.UnsupportedRequestException;
import org.junit.jupiter.api.Test;

class MessagesToChatTest {

    private static ObjectNode chat(String messagesRequest) {
        return MessagesToChat.translate(FamilyJson.parseObject(messagesRequest));
    }

    @Test
    void should_put_a_system_string_first_as_a_system_message() {
        ObjectNode chat = chat("{\"model\":\"m\",\"max_tokens\":10,\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertEquals("system", chat.at("/messages/0/role").asText());
        assertEquals("Be brief.", chat.at("/messages/0/content").asText());
        assertEquals("hi", chat.at("/messages/1/content").asText());
        assertEquals(10, chat.get("max_tokens").asInt());
    }

    @Test
    void should_join_system_text_blocks() {
        ObjectNode chat = chat("{\"model\":\"m\",\"max_tokens\":10,\"system\":[{\"type\":\"text\",\"text\":\"A\"},"
                + "{\"type\":\"text\",\"text\":\"B\",\"cache_control\":{\"type\":\"ephemeral\"}}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertEquals("A\nB", chat.at("/messages/0/content").asText());
    }

    @Test
    void should_turn_base64_and_url_image_blocks_into_image_url_parts() {
        ObjectNode chat = chat("{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}},"
                + "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://example.com/cat.jpg\"}},"
                + "{\"type\":\"text\",\"text\":\"What is this?\"}]}]}");
        JsonNode parts = chat.at("/messages/0/content");

        assertEquals("data:image/png;base64,iVBORw0KGgo=", parts.at("/0/image_url/url").asText());
        assertEquals("https://example.com/cat.jpg", parts.at("/1/image_url/url").asText());
        assertEquals("text", parts.at("/2/type").asText());
    }

    @Test
    void should_map_tools_and_tool_choice_any_to_function_tools_and_required() {
        ObjectNode chat = chat("{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tools\":[{\"name\":\"get_weather\",\"description\":\"Weather\",\"input_schema\":{\"type\":\"object\","
                + "\"properties\":{\"city\":{\"type\":\"string\"}}}}],\"tool_choice\":{\"type\":\"any\",\"disable_parallel_tool_use\":true}}");

        assertEquals("function", chat.at("/tools/0/type").asText());
        assertEquals("get_weather", chat.at("/tools/0/function/name").asText());
        assertEquals("string", chat.at("/tools/0/function/parameters/properties/city/type").asText());
        assertEquals("required", chat.get("tool_choice").asText());
        assertFalse(chat.get("parallel_tool_calls").asBoolean());
    }

    @Test
    void should_map_a_named_tool_choice_to_a_function_choice() {
        ObjectNode chat = chat("{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}],\"tool_choice\":{\"type\":\"tool\",\"name\":\"f\"}}");

        assertEquals("f", chat.at("/tool_choice/function/name").asText());
    }

    @Test
    void should_turn_a_tool_use_and_its_tool_result_into_tool_calls_and_a_tool_message() {
        ObjectNode chat = chat("{\"model\":\"m\",\"max_tokens\":10,\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Checking.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"18 C\"}]},{\"type\":\"text\",\"text\":\"Thanks\"}]}]}");
        JsonNode messages = chat.get("messages");

        assertEquals("Checking.", messages.at("/1/content").asText());
        assertEquals("toolu_1", messages.at("/1/tool_calls/0/id").asText());
        assertEquals("{\"city\":\"Paris\"}", messages.at("/1/tool_calls/0/function/arguments").asText());
        assertEquals("tool", messages.at("/2/role").asText());
        assertEquals("toolu_1", messages.at("/2/tool_call_id").asText());
        assertEquals("18 C", messages.at("/2/content").asText());
        assertEquals("Thanks", messages.at("/3/content").asText());
    }

    @Test
    void should_map_stop_sequences_sampling_and_metadata_user_id() {
        ObjectNode chat = chat("{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"stop_sequences\":[\"END\"],\"temperature\":0.2,\"top_p\":0.9,\"top_k\":5,\"metadata\":{\"user_id\":\"u-7\"}}");

        assertEquals("END", chat.at("/stop/0").asText());
        assertEquals(0.2, chat.get("temperature").asDouble());
        assertEquals(0.9, chat.get("top_p").asDouble());
        assertEquals("u-7", chat.get("user").asText());
        assertFalse(chat.has("top_k"));
    }

    @Test
    void should_ask_for_stream_usage_when_streaming() {
        ObjectNode chat = chat("{\"model\":\"m\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertTrue(chat.get("stream").asBoolean());
        assertTrue(chat.at("/stream_options/include_usage").asBoolean());
    }

    @Test
    void should_refuse_a_server_tool_naming_its_type() {
        UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class, () -> chat("{\"model\":\"m\","
                + "\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]}"));

        assertEquals("tools[0].type", e.param());
    }
}
