package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every Responses object and streaming event the gateway builds (chat answers translated to
 * Responses, text and tool calls, streamed and not) and the mock upstream's own Responses answers
 * validate against the schemas of OpenAI's published OpenAPI document.
 */
class ResponsesSchemaTest extends FamiliesGatewayTest {

    private static final Map<String, String> EVENT_SCHEMAS = Map.ofEntries(
            Map.entry("response.created", "ResponseCreatedEvent"),
            Map.entry("response.in_progress", "ResponseInProgressEvent"),
            Map.entry("response.completed", "ResponseCompletedEvent"),
            Map.entry("response.incomplete", "ResponseIncompleteEvent"),
            Map.entry("response.output_item.added", "ResponseOutputItemAddedEvent"),
            Map.entry("response.output_item.done", "ResponseOutputItemDoneEvent"),
            Map.entry("response.content_part.added", "ResponseContentPartAddedEvent"),
            Map.entry("response.content_part.done", "ResponseContentPartDoneEvent"),
            Map.entry("response.output_text.delta", "ResponseTextDeltaEvent"),
            Map.entry("response.output_text.done", "ResponseTextDoneEvent"),
            Map.entry("response.function_call_arguments.delta", "ResponseFunctionCallArgumentsDeltaEvent"),
            Map.entry("response.function_call_arguments.done", "ResponseFunctionCallArgumentsDoneEvent"));

    private static String request(String model, boolean stream, boolean tools) {
        return "{\"model\":\"" + model + "\",\"input\":\"Say hello\",\"stream\":" + stream
                + (tools ? ",\"tools\":[{\"type\":\"function\",\"name\":\"weather\",\"parameters\":{\"type\":\"object\"}}]" : "") + "}";
    }

    @Test
    void should_build_a_schema_valid_response_when_translating_a_chat_answer() {
        assertValidResponse(gateway.post("/v1/responses", request("chat-fast", false, false), auth()));
    }

    @Test
    void should_build_a_schema_valid_response_when_translating_a_chat_tool_call() {
        assertValidResponse(gateway.post("/v1/responses", request("chat-tool", false, true), auth()));
    }

    @Test
    void should_stream_schema_valid_events_when_translating_a_chat_stream() {
        assertValidStream(gateway.post("/v1/responses", request("chat-fast", true, false), auth()));
    }

    @Test
    void should_stream_schema_valid_events_when_translating_a_chat_tool_call_stream() {
        assertValidStream(gateway.post("/v1/responses", request("chat-tool", true, true), auth()));
    }

    @Test
    void should_answer_schema_valid_responses_when_the_mock_answers_responses_itself() throws Exception {
        assertValidResponse(mockPost(request("gpt-4o-mini", false, false)));
        assertValidResponse(mockPost(request("tool-model", false, true)));
    }

    @Test
    void should_stream_schema_valid_events_when_the_mock_streams_responses_itself() throws Exception {
        assertValidStream(mockPost(request("gpt-4o-mini", true, false)));
        assertValidStream(mockPost(request("tool-model", true, true)));
    }

    private static String[] auth() {
        return new String[] {"Authorization", TestGateway.bearer(TestGateway.KEY)};
    }

    private static HttpResponse<String> mockPost(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/responses")).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer sk-mock").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertValidResponse(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        OpenAiSchemas.assertValid("Response", TestGateway.json(response.body()));
    }

    private static void assertValidStream(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        List<String> types = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (!line.startsWith("data: ")) {
                continue;
            }
            JsonNode event = TestGateway.json(line.substring("data: ".length()));
            String type = event.path("type").asText();
            types.add(type);
            String schema = EVENT_SCHEMAS.get(type);
            assertTrue(schema != null, "an event type this test does not know: " + type);
            OpenAiSchemas.assertValid(schema, event);
        }
        assertFalse(types.isEmpty(), response.body());
        assertEquals("response.created", types.get(0));
        assertEquals("response.completed", types.get(types.size() - 1));
    }
}
