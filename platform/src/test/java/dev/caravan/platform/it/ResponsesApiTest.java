package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI SDK's Responses API pointed at the gateway's {@code /v1/responses}, served by a chat
 * completions target (alias {@code chat-fast}: a provider whose preset has no Responses API, in
 * front of the mock's chat endpoint) through the platform's translation.
 * {@link ResponsesNativeTest} covers a target that serves Responses itself.
 */
class ResponsesApiTest extends FamiliesGatewayTest {

    private static final String MOCK_TEXT = "This is a mock reply from the Caravan mock upstream.";

    private static ResponseCreateParams hello() {
        return ResponseCreateParams.builder().model("chat-fast").instructions("Be brief.").input("Say hello").maxOutputTokens(64).build();
    }

    @Test
    void should_answer_with_a_response_object_when_the_target_speaks_chat() {
        Response response = gateway.openai(TestGateway.KEY).responses().create(hello());

        assertEquals(ResponseStatus.COMPLETED, response.status().orElseThrow());
        assertTrue(response.id().startsWith("resp_"));
        assertEquals(MOCK_TEXT, response.output().get(0).asMessage().content().get(0).asOutputText().text());
        assertTrue(response.usage().orElseThrow().inputTokens() > 0);
        assertTrue(response.usage().orElseThrow().outputTokens() > 0);
    }

    @Test
    void should_send_instructions_input_and_max_output_tokens_as_a_chat_request() {
        gateway.openai(TestGateway.KEY).responses().create(hello());

        JsonNode upstream = mock.lastRequest();
        assertEquals("gpt-4o-mini", upstream.get("model").asText());
        assertEquals(64, upstream.get("max_tokens").asInt());
        assertEquals("system", upstream.get("messages").get(0).get("role").asText());
        assertEquals("Be brief.", upstream.get("messages").get(0).get("content").asText());
        assertEquals("Say hello", upstream.get("messages").get(1).get("content").asText());
    }

    @Test
    void should_translate_function_tools_and_a_function_call_round_trip_for_the_chat_target() {
        FunctionTool weather = FunctionTool.builder().name("get_weather").description("Weather of a city").strict(false)
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .build())
                .build();
        List<ResponseInputItem> input = List.of(
                ResponseInputItem.ofFunctionCall(ResponseFunctionToolCall.builder().callId("call_1").name("get_weather")
                        .arguments("{\"city\":\"Paris\"}").build()),
                ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder().callId("call_1")
                        .output("18 C").build()));

        gateway.openai(TestGateway.KEY).responses().create(ResponseCreateParams.builder().model("chat-fast")
                .inputOfResponse(input).addTool(weather).build());

        JsonNode upstream = mock.lastRequest();
        assertEquals("get_weather", upstream.get("tools").get(0).get("function").get("name").asText());
        JsonNode messages = upstream.get("messages");
        assertEquals("assistant", messages.get(0).get("role").asText());
        assertEquals("call_1", messages.get(0).get("tool_calls").get(0).get("id").asText());
        assertEquals("{\"city\":\"Paris\"}", messages.get(0).get("tool_calls").get(0).get("function").get("arguments").asText());
        assertEquals("tool", messages.get(1).get("role").asText());
        assertEquals("call_1", messages.get(1).get("tool_call_id").asText());
        assertEquals("18 C", messages.get(1).get("content").asText());
    }

    @Test
    void should_answer_a_chat_tool_call_as_a_function_call_item() {
        Response response = gateway.openai(TestGateway.KEY).responses().create(ResponseCreateParams.builder().model("chat-tool")
                .input("Weather in Paris?").addTool(weatherTool()).build());
        ResponseFunctionToolCall call = response.output().get(0).asFunctionCall();

        assertEquals("get_weather", call.name());
        assertEquals("Paris", TestGateway.json(call.arguments()).get("city").asText());
        assertEquals("/v1/chat/completions", mock.lastRecordedRequest().path());
    }

    @Test
    void should_stream_a_chat_tool_call_as_function_call_argument_events() {
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = gateway.openai(TestGateway.KEY).responses().createStreaming(
                ResponseCreateParams.builder().model("chat-tool").input("Weather in Paris?").addTool(weatherTool()).build())) {
            stream.stream().forEach(events::add);
        }
        ResponseStreamEvent last = events.get(events.size() - 1);
        ResponseFunctionToolCall call = last.asCompleted().response().output().get(0).asFunctionCall();

        assertTrue(events.stream().anyMatch(ResponseStreamEvent::isFunctionCallArgumentsDelta));
        assertEquals("get_weather", call.name());
        assertEquals("Paris", TestGateway.json(call.arguments()).get("city").asText());
    }

    static FunctionTool weatherTool() {
        return FunctionTool.builder().name("get_weather").strict(false)
                .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object")).build())
                .build();
    }

    @Test
    void should_stream_responses_events_that_the_sdk_reads() {
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = gateway.openai(TestGateway.KEY).responses().createStreaming(hello())) {
            stream.stream().forEach(events::add);
        }
        String text = events.stream().filter(ResponseStreamEvent::isOutputTextDelta)
                .map(e -> e.asOutputTextDelta().delta()).collect(Collectors.joining());

        assertTrue(events.get(0).isCreated());
        assertEquals(MOCK_TEXT, text);
        ResponseStreamEvent last = events.get(events.size() - 1);
        assertTrue(last.isCompleted());
        assertTrue(last.asCompleted().response().usage().orElseThrow().outputTokens() > 0);
    }

    @Test
    void should_number_every_stream_event_in_order_and_name_it_in_the_event_line() {
        HttpResponse<String> response = gateway.post("/v1/responses",
                "{\"model\":\"chat-fast\",\"input\":\"hi\",\"stream\":true}", "authorization", TestGateway.bearer(TestGateway.KEY));
        List<String> names = eventNames(response.body());
        List<String> data = dataLines(response.body());

        assertEquals(names.size(), data.size());
        for (int i = 0; i < data.size(); i++) {
            JsonNode event = TestGateway.json(data.get(i));
            assertEquals(i, event.get("sequence_number").asInt(), data.get(i));
            assertEquals(names.get(i), event.get("type").asText());
        }
        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta"), names.subList(0, 5));
        assertEquals(List.of("response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed"), names.subList(names.size() - 4, names.size()));
        assertFalse(response.body().contains("[DONE]"));
    }

    @Test
    void should_end_a_cut_stream_with_a_responses_error_event() {
        HttpResponse<String> response = gateway.post("/v1/responses",
                "{\"model\":\"chat-cut\",\"input\":\"hi\",\"stream\":true}", "authorization", TestGateway.bearer(TestGateway.KEY));
        List<String> names = eventNames(response.body());
        List<String> data = dataLines(response.body());

        assertEquals("error", names.get(names.size() - 1));
        JsonNode error = TestGateway.json(data.get(data.size() - 1));
        assertEquals(data.size() - 1, error.get("sequence_number").asInt());
        assertEquals("upstream_stream_error", error.get("code").asText());
        assertFalse(names.contains("response.completed"));
    }

    @Test
    void should_answer_a_missing_input_with_an_openai_400_naming_it() {
        HttpResponse<String> response = gateway.post("/v1/responses", "{\"model\":\"fast\"}",
                "authorization", TestGateway.bearer(TestGateway.KEY));
        JsonNode error = TestGateway.json(response.body()).get("error");

        assertEquals(400, response.statusCode());
        assertEquals("input", error.get("param").asText());
        assertEquals("invalid_request_error", error.get("type").asText());
    }

    @Test
    void should_refuse_previous_response_id_on_a_chat_target_naming_the_field() {
        HttpResponse<String> response = gateway.post("/v1/responses",
                "{\"model\":\"chat-fast\",\"input\":\"hi\",\"previous_response_id\":\"resp_1\"}",
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(400, response.statusCode());
        assertEquals("previous_response_id", TestGateway.json(response.body()).get("error").get("param").asText());
    }
}
