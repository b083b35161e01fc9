package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseStreamEvent;
import dev.caravan.mock.RecordedRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI SDK's Responses API through the gateway to a target that serves Responses natively
 * (the OpenAI provider in front of the mock's {@code /v1/responses}): no translation on the way.
 */
class ResponsesNativeTest extends FamiliesGatewayTest {

    @Test
    void should_send_the_clients_body_to_the_upstream_responses_endpoint_with_only_the_model_replaced() {
        String body = "{\"model\":\"fast\",\"input\":\"hi\",\"instructions\":\"Be brief.\",\"store\":false,\"max_output_tokens\":30}";
        HttpResponse<String> response = gateway.post("/v1/responses", body, "authorization", TestGateway.bearer(TestGateway.KEY));
        RecordedRequest upstream = mock.lastRecordedRequest();

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("/v1/responses", upstream.path());
        ObjectNode expected = (ObjectNode) TestGateway.json(body);
        expected.put("model", "gpt-4o-mini");
        assertEquals(expected, upstream.body());
    }

    @Test
    void should_answer_the_sdk_with_the_upstream_response() {
        Response response = gateway.openai(TestGateway.KEY).responses().create(
                ResponseCreateParams.builder().model("fast").input("Say hello").build());

        assertTrue(response.output().get(0).asMessage().content().get(0).asOutputText().text().length() > 0);
        assertTrue(response.usage().orElseThrow().outputTokens() > 0);
    }

    @Test
    void should_stream_the_upstream_events_to_the_sdk() {
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = gateway.openai(TestGateway.KEY).responses().createStreaming(
                ResponseCreateParams.builder().model("fast").input("Say hello").build())) {
            stream.stream().forEach(events::add);
        }

        assertTrue(events.get(0).isCreated());
        assertTrue(events.get(events.size() - 1).isCompleted());
        assertTrue(events.stream().anyMatch(ResponseStreamEvent::isOutputTextDelta));
    }

    @Test
    void should_pass_a_native_function_call_through_to_the_sdk() {
        Response response = gateway.openai(TestGateway.KEY).responses().create(ResponseCreateParams.builder().model("tool")
                .input("Weather in Paris?").addTool(ResponsesApiTest.weatherTool()).build());
        ResponseFunctionToolCall call = response.output().get(0).asFunctionCall();

        assertEquals("get_weather", call.name());
        assertEquals("Paris", TestGateway.json(call.arguments()).get("city").asText());
        assertEquals("/v1/responses", mock.lastRecordedRequest().path());
    }

    @Test
    void should_end_a_cut_native_stream_with_a_responses_error_event() {
        HttpResponse<String> response = gateway.post("/v1/responses", "{\"model\":\"cut\",\"input\":\"hi\",\"stream\":true}",
                "authorization", TestGateway.bearer(TestGateway.KEY));
        List<String> names = eventNames(response.body());
        List<String> data = dataLines(response.body());

        assertEquals(200, response.statusCode(), response.body());
        assertFalse(names.isEmpty(), response.body());
        JsonNode error = TestGateway.json(data.get(data.size() - 1));
        assertEquals("error", names.get(names.size() - 1));
        assertEquals("upstream_stream_error", error.get("code").asText());
        assertEquals(data.size() - 1, error.get("sequence_number").asInt());
    }
}
