package dev.caravan.plugins.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A chat client's tool loop through Anthropic: Claude's {@code tool_use} comes back as
 * {@code tool_calls}; the client sends those calls and its results in the next request; Claude
 * sees the very {@code tool_use} blocks it produced, followed by matching {@code tool_result} blocks.
 */
class ToolRoundTripTest {

    private final ProviderHarness adapter = Calls.adapter();

    @Test
    void should_give_claude_back_its_own_tool_use_and_the_results_when_client_answers_tool_calls() {
        JsonNode claudeSaid = Fixtures.json("messages-response-tool-use.json");
        JsonNode assistant = Fixtures.tree(adapter.translateResponse(Calls.chat(Fixtures.json("chat-request-tools.json")),
                Fixtures.bytes("messages-response-tool-use.json")).body()).at("/choices/0/message");

        JsonNode sent = nextTurn(assistant);

        ArrayNode turns = (ArrayNode) sent.get("messages");
        JsonNode assistantTurn = turns.get(turns.size() - 2);
        assertEquals("assistant", assistantTurn.get("role").asText());
        assertEquals(claudeSaid.at("/content/1"), assistantTurn.at("/content/0")); // the text
        assertEquals(claudeSaid.at("/content/2"), assistantTurn.at("/content/1")); // the tool_use, input as an object again
        assertEquals(Fixtures.tree("{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":"
                + "\"toolu_01A09q90qw90lq917835lq9\",\"content\":\"9 degrees, rain\"}]}"), turns.get(turns.size() - 1));
    }

    @Test
    void should_give_claude_back_streamed_tool_calls_when_client_assembles_them_from_chunks() {
        List<SseEvent> chunks = Fixtures.replay(adapter.openStream(Calls.chat(Fixtures.json("chat-request-tools.json"))),
                Fixtures.events("stream-tool-use.sse"));
        ObjectNode assistant = assembleLikeAnSdk(chunks);

        JsonNode sent = nextTurn(assistant);

        ArrayNode turns = (ArrayNode) sent.get("messages");
        assertEquals(Fixtures.tree("[{\"type\":\"text\",\"text\":\"Let me check both cities.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\",\"name\":\"get_weather\",\"input\":{\"location\":\"Berlin, Germany\"}},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_01QpXz7UbS3gFvT8wKd4NcRm\",\"name\":\"get_time\",\"input\":{}}]"),
                turns.get(turns.size() - 2).get("content"));
    }

    /** The next request of the chat client: the conversation so far, the assistant's answer, one tool result per call. */
    private JsonNode nextTurn(JsonNode assistant) {
        ObjectNode chat = Fixtures.json("chat-request-tools.json");
        chat.remove("stream");
        chat.remove("stream_options");
        ArrayNode messages = (ArrayNode) chat.get("messages");
        messages.add(assistant);
        String[] results = {"9 degrees, rain", "14:05"};
        int i = 0;
        for (JsonNode call : assistant.get("tool_calls")) {
            messages.addObject().put("role", "tool").put("tool_call_id", call.get("id").asText()).put("content", results[i++]);
        }
        return Fixtures.tree(adapter.prepare(Calls.chat(chat)).body());
    }

    /** Accumulates chunk deltas the way OpenAI's SDKs do: content appended, tool calls by index. */
    private static ObjectNode assembleLikeAnSdk(List<SseEvent> chunks) {
        StringBuilder content = new StringBuilder();
        ArrayNode calls = Fixtures.MAPPER.createArrayNode();
        for (SseEvent chunk : chunks) {
            if (chunk.data().equals("[DONE]")) {
                continue;
            }
            JsonNode delta = Fixtures.tree(chunk.data()).at("/choices/0/delta");
            content.append(delta.path("content").asText(""));
            for (JsonNode call : delta.path("tool_calls")) {
                int index = call.get("index").asInt();
                if (index == calls.size()) {
                    calls.addObject().put("id", call.get("id").asText()).put("type", "function").putObject("function")
                            .put("name", call.at("/function/name").asText()).put("arguments", "");
                }
                ObjectNode function = (ObjectNode) calls.get(index).get("function");
                function.put("arguments", function.get("arguments").asText() + call.at("/function/arguments").asText());
            }
        }
        ObjectNode assistant = Fixtures.MAPPER.createObjectNode().put("role", "assistant").put("content", content.toString());
        assistant.set("tool_calls", calls);
        return assistant;
    }
}
