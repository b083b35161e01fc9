package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.mock.RecordedRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Anthropic SDK through the gateway to a target that speaks Messages natively (the Anthropic
 * provider in front of the mock's {@code /v1/messages}): the client's body goes upstream with only
 * {@code model} replaced, and answers, streams and errors come back as the upstream sent them.
 */
class AnthropicPassThroughTest extends FamiliesGatewayTest {

    private static final String BODY = "{\"model\":\"claude\",\"max_tokens\":64,\"system\":\"Be brief.\",\"temperature\":0.3,"
            + "\"top_k\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";

    @Test
    void should_send_the_clients_body_upstream_with_only_the_model_replaced() {
        HttpResponse<String> response = gateway.post("/v1/messages", BODY, "x-api-key", TestGateway.KEY,
                "anthropic-version", "2023-06-01", "content-type", "application/json");
        RecordedRequest upstream = mock.lastRecordedRequest();

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("/v1/messages", upstream.path());
        ObjectNode expected = (ObjectNode) TestGateway.json(BODY);
        expected.put("model", "claude-sonnet-4-5");
        assertEquals(expected, upstream.body());
        assertEquals("message", TestGateway.json(response.body()).get("type").asText());
    }

    @Test
    void should_answer_the_sdk_with_the_upstream_message() {
        Message message = anthropic(TestGateway.KEY).messages().create(MessageCreateParams.builder().model("claude")
                .maxTokens(64).addUserMessage("Say hello").build());

        assertEquals("claude-sonnet-4-5", message.model().asString());
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
        assertTrue(message.usage().outputTokens() > 0);
    }

    @Test
    void should_stream_the_upstream_events_to_the_sdk() {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic(TestGateway.KEY).messages().createStreaming(
                MessageCreateParams.builder().model("claude").maxTokens(64).addUserMessage("Say hello").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        assertTrue(accumulator.message().content().get(0).asText().text().length() > 0);
        assertEquals(StopReason.END_TURN, accumulator.message().stopReason().orElseThrow());
    }

    @Test
    void should_pass_a_native_tool_use_through_to_the_sdk() {
        Message message = anthropic(TestGateway.KEY).messages().create(AnthropicMessagesTest.withWeatherTool("claude-tool"));
        ToolUseBlock toolUse = message.content().get(0).asToolUse();

        assertEquals("get_weather", toolUse.name());
        assertEquals("Paris", toolUse._input().convert(Map.class).get("city"));
    }

    @Test
    void should_return_the_upstreams_anthropic_error_body_and_status() {
        HttpResponse<String> response = gateway.post("/v1/messages", BODY.replace("\"claude\"", "\"claude-limited\""),
                "x-api-key", TestGateway.KEY);
        JsonNode body = TestGateway.json(response.body());

        assertEquals(429, response.statusCode());
        assertEquals("error", body.get("type").asText());
        assertEquals("rate_limit_error", body.get("error").get("type").asText());
    }

    @Test
    void should_refuse_past_a_rate_limit_with_anthropics_error_body_and_retry_after() {
        String body = BODY.replace("\"claude\"", "\"claude-one-rpm\"");
        gateway.post("/v1/messages", body, "x-api-key", TestGateway.KEY);
        HttpResponse<String> refused = gateway.post("/v1/messages", body, "x-api-key", TestGateway.KEY);

        assertEquals(429, refused.statusCode());
        assertEquals("rate_limit_error", TestGateway.json(refused.body()).get("error").get("type").asText(), refused.body());
        assertTrue(refused.headers().firstValue("retry-after").isPresent());
    }

    @Test
    void should_record_the_native_call_in_the_receipt() {
        HttpResponse<String> response = gateway.post("/v1/messages", BODY, "x-api-key", TestGateway.KEY);
        JsonNode receipt = gateway.receipt(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), TestGateway.KEY);

        assertEquals("/v1/messages", receipt.get("endpoint").asText());
        assertEquals("claude/claude-sonnet-4-5", receipt.get("served_by").asText());
        assertTrue(receipt.get("prompt_tokens").asLong() > 0);
        assertEquals(List.of("served"), List.of(receipt.get("attempts").get(0).get("decision").asText()));
    }
}
