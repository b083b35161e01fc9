package dev.caravan.plugins.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.ChatChunks;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonModeTest {

    private static final String SCHEMA = "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"person\",\"strict\":true,"
            + "\"schema\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}}}";

    private final ProviderHarness adapter = Calls.adapter();

    @Test
    void should_send_one_forced_tool_with_the_schema_when_response_format_is_json_schema() {
        JsonNode sent = sent(chat(SCHEMA, false));

        assertEquals(Fixtures.tree("[{\"name\":\"person\",\"description\":\"Respond with JSON matching this schema\","
                + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}}]"),
                sent.get("tools"));
        assertEquals(Fixtures.tree("{\"type\":\"tool\",\"name\":\"person\"}"), sent.get("tool_choice"));
        assertFalse(sent.has("response_format"));
    }

    @Test
    void should_send_an_open_object_schema_named_json_output_when_response_format_is_json_object() {
        JsonNode sent = sent(chat("{\"type\":\"json_object\"}", false));

        assertEquals("json_output", sent.at("/tools/0/name").asText());
        assertEquals(Fixtures.tree("{\"type\":\"object\"}"), sent.at("/tools/0/input_schema"));
        assertEquals("json_output", sent.at("/tool_choice/name").asText());
    }

    @Test
    void should_send_no_tool_when_response_format_is_text() {
        assertFalse(sent(chat("{\"type\":\"text\"}", false)).has("tools"));
    }

    @Test
    void should_refuse_naming_response_format_when_the_client_also_sends_tools() {
        ObjectNode chat = chat(SCHEMA, false);
        chat.set("tools", Fixtures.tree("[{\"type\":\"function\",\"function\":{\"name\":\"weather\"}}]"));

        UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class, () -> sent(chat));

        assertEquals("response_format", e.param());
        assertTrue(e.getMessage().contains("tools"), e.getMessage());
    }

    @Test
    void should_refuse_naming_the_schema_type_when_the_schema_root_is_not_an_object() {
        UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class, () -> sent(chat(
                "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"n\",\"schema\":{\"type\":\"array\"}}}", false)));

        assertEquals("response_format.json_schema.schema.type", e.param());
    }

    @Test
    void should_answer_the_tool_input_as_content_with_finish_stop_when_json_mode_was_asked() {
        byte[] upstream = ("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude\","
                + "\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"person\",\"input\":{\"name\": \"Ada\"}}],"
                + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}").getBytes(StandardCharsets.UTF_8);

        ProviderResponse response = adapter.translateResponse(Calls.chat(chat(SCHEMA, false)), upstream);

        JsonNode completion = Fixtures.tree(response.body());
        assertEquals("{\"name\":\"Ada\"}", completion.at("/choices/0/message/content").asText());
        assertTrue(completion.at("/choices/0/message/tool_calls").isMissingNode());
        assertEquals("stop", completion.at("/choices/0/finish_reason").asText());
        assertEquals(15, completion.at("/usage/total_tokens").asInt());
        assertEquals(10, response.usage().promptTokens());
    }

    @Test
    void should_answer_tool_calls_as_before_when_no_json_mode_was_asked() {
        byte[] upstream = ("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude\","
                + "\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"person\",\"input\":{}}],"
                + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}").getBytes(StandardCharsets.UTF_8);

        JsonNode completion = Fixtures.tree(adapter.translateResponse(Calls.chat(chat("{\"type\":\"text\"}", false)), upstream).body());

        assertEquals("tool_calls", completion.at("/choices/0/finish_reason").asText());
        assertTrue(completion.at("/choices/0/message/content").isNull());
    }

    @Test
    void should_stream_input_json_fragments_as_content_chunks_ending_with_stop_when_json_mode_was_asked() {
        List<SseEvent> upstream = List.of(
                SseEvent.data("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude\",\"usage\":{\"input_tokens\":5}}}"),
                SseEvent.data("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"person\",\"input\":{}}}"),
                SseEvent.data("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"name\\\":\"}}"),
                SseEvent.data("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Ada\\\"}\"}}"),
                SseEvent.data("{\"type\":\"content_block_stop\",\"index\":0}"),
                SseEvent.data("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":3}}"),
                SseEvent.data("{\"type\":\"message_stop\"}"));
        StreamTranslator translator = adapter.openStream(Calls.chat(chat(SCHEMA, true)));

        List<SseEvent> sent = Fixtures.replay(translator, upstream);

        StringBuilder content = new StringBuilder();
        for (SseEvent event : sent) {
            if (event.equals(ChatChunks.DONE)) {
                continue;
            }
            JsonNode delta = Fixtures.tree(event.data()).at("/choices/0/delta");
            assertTrue(delta.path("tool_calls").isMissingNode(), event.data());
            content.append(delta.path("content").asText(""));
        }
        assertEquals("{\"name\":\"Ada\"}", content.toString());
        assertEquals("{\"role\":\"assistant\",\"content\":\"\"}", Fixtures.tree(sent.get(0).data()).at("/choices/0/delta").toString());
        assertEquals("stop", Fixtures.tree(sent.get(sent.size() - 2).data()).at("/choices/0/finish_reason").asText());
        assertTrue(translator.endedCleanly());
    }

    private JsonNode sent(ObjectNode chat) {
        return Fixtures.tree(adapter.prepare(Calls.chat(chat)).body());
    }

    private static ObjectNode chat(String responseFormat, boolean stream) {
        ObjectNode chat = Fixtures.object("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Who?\"}]}");
        chat.set("response_format", Fixtures.tree(responseFormat));
        if (stream) {
            chat.put("stream", true);
        }
        return chat;
    }
}
