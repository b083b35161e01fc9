package dev.caravan.plugins.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import org.junit.jupiter.api.Test;

/**
 * A whole tool conversation through the adapter: the client's tools reach Gemini, Gemini's function
 * calls reach the client as tool calls, and the client's replay of those calls with their results
 * reaches Gemini as the very function-call content Gemini produced, followed by the responses.
 */
class ToolRoundTripTest {

    private static final String MODEL = "gemini-3-pro-preview";
    private final ProviderHarness adapter = new ProviderHarness(new GeminiAdapter());

    @Test
    void should_replay_gemini_function_calls_exactly_when_the_client_returns_tool_results() {
        JsonNode assistant = firstTurnAnswer();

        ObjectNode secondTurn = secondTurnRequest(assistant);
        JsonNode contents = translate(secondTurn).get("contents");

        JsonNode geminiContent = Fixtures.json("generate-content-function-call.json").path("candidates").get(0).path("content");
        assertEquals(geminiContent, contents.get(1));
        assertEquals(Fixtures.tree("""
                {"role":"user","parts":[
                  {"functionResponse":{"name":"get_weather","response":{"temperature":21,"sky":"clear"}}},
                  {"functionResponse":{"name":"get_weather","response":{"result":"17 degrees and rain"}}}]}
                """), contents.get(2));
    }

    @Test
    void should_send_the_tools_the_client_declared_when_the_conversation_starts() {
        JsonNode request = translate(firstTurnRequest());

        assertEquals("get_weather", request.path("tools").get(0).path("functionDeclarations").get(0).path("name").asText());
        assertEquals("AUTO", request.path("toolConfig").path("functionCallingConfig").path("mode").asText());
    }

    @Test
    void should_replay_with_the_placeholder_signature_when_the_client_dropped_extra_content() {
        ObjectNode assistant = (ObjectNode) firstTurnAnswer().deepCopy();
        assistant.get("tool_calls").forEach(call -> ((ObjectNode) call).remove("extra_content"));

        JsonNode replayed = translate(secondTurnRequest(assistant)).get("contents").get(1).path("parts");

        assertEquals(ThoughtSignatures.PLACEHOLDER, replayed.get(0).path("thoughtSignature").asText());
    }

    private JsonNode firstTurnAnswer() {
        byte[] completion = adapter.translateResponse(Calls.call(firstTurnRequest(), false, MODEL),
                Fixtures.bytes("generate-content-function-call.json")).body();
        return Fixtures.tree(completion).path("choices").get(0).path("message");
    }

    private static ObjectNode firstTurnRequest() {
        return Fixtures.body("{'model':'smart','messages':[{'role':'user','content':'Weather in Lisbon and Paris?'}],"
                + "'tools':[{'type':'function','function':{'name':'get_weather','description':'Current weather for a city.',"
                + "'parameters':{'type':'object','properties':{'city':{'type':'string'},'unit':{'type':'string'}},'required':['city']}}}],"
                + "'tool_choice':'auto'}");
    }

    /** What an OpenAI client sends next: the history, the assistant message as received, one result per call. */
    private static ObjectNode secondTurnRequest(JsonNode assistant) {
        ObjectNode request = firstTurnRequest();
        ArrayNode messages = (ArrayNode) request.get("messages");
        messages.add(assistant);
        messages.addObject().put("role", "tool").put("tool_call_id", assistant.path("tool_calls").get(0).path("id").asText())
                .put("content", "{\"temperature\":21,\"sky\":\"clear\"}");
        messages.addObject().put("role", "tool").put("tool_call_id", assistant.path("tool_calls").get(1).path("id").asText())
                .put("content", "17 degrees and rain");
        return request;
    }

    private static JsonNode translate(ObjectNode body) {
        return GenerateContentRequestBuilder.body(Calls.call(body, false, MODEL));
    }
}
