package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.core.JsonValue;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.anthropic.models.messages.ToolUseBlockParam;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Anthropic SDK pointed at the gateway's {@code /v1/messages}, served by an OpenAI chat
 * target (the mock's chat endpoint, through the platform's translation): requests, answers,
 * streams, tool calls and errors are Anthropic's. {@link AnthropicPassThroughTest} covers a
 * target that speaks Messages natively.
 */
class AnthropicMessagesTest extends FamiliesGatewayTest {

    private static MessageCreateParams hello(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(256).system("Be brief.").addUserMessage("Say hello").build();
    }

    @Test
    void should_answer_with_an_anthropic_message_when_the_target_speaks_chat() {
        HttpResponseFor<Message> raw = anthropic(TestGateway.KEY).messages().withRawResponse().create(hello("fast"));
        Message message = raw.parse();

        assertEquals("This is a mock reply from the Caravan mock upstream.", message.content().get(0).asText().text());
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
        assertTrue(message.id().startsWith("msg_"));
        assertTrue(message.usage().inputTokens() > 0 && message.usage().outputTokens() > 0);
        assertEquals("mock/gpt-4o-mini", raw.headers().values("x-caravan-served-by").get(0));
    }

    @Test
    void should_send_the_upstream_an_openai_chat_request_translated_from_the_message() {
        anthropic(TestGateway.KEY).messages().create(MessageCreateParams.builder().model("fast").maxTokens(99)
                .system("Be brief.").addUserMessage("Say hello").temperature(0.5).addStopSequence("END").build());

        JsonNode upstream = mock.lastRequest();
        assertEquals("gpt-4o-mini", upstream.get("model").asText());
        assertEquals(99, upstream.get("max_tokens").asInt());
        assertEquals(0.5, upstream.get("temperature").asDouble());
        assertEquals("END", upstream.get("stop").get(0).asText());
        assertEquals("system", upstream.get("messages").get(0).get("role").asText());
        assertEquals("Be brief.", upstream.get("messages").get(0).get("content").asText());
        assertEquals("Say hello", upstream.get("messages").get(1).get("content").asText());
        assertEquals("Bearer sk-upstream-secret-123", mock.lastRequestHeaders().get("authorization"));
    }

    @Test
    void should_translate_tool_definitions_and_a_tool_round_trip_for_the_chat_target() {
        Tool weather = Tool.builder().name("get_weather").description("Weather of a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .addRequired("city").build())
                .build();
        MessageCreateParams params = MessageCreateParams.builder().model("fast").maxTokens(100).addTool(weather)
                .addUserMessage("Weather in Paris?")
                .addMessage(MessageParam.builder().role(MessageParam.Role.ASSISTANT).contentOfBlockParams(List.of(
                        ContentBlockParam.ofToolUse(ToolUseBlockParam.builder().id("toolu_01").name("get_weather")
                                .input(JsonValue.from(Map.of("city", "Paris"))).build()))).build())
                .addUserMessageOfBlockParams(List.of(
                        ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId("toolu_01").content("18 C").build()),
                        ContentBlockParam.ofText(TextBlockParam.builder().text("And tomorrow?").build())))
                .build();

        anthropic(TestGateway.KEY).messages().create(params);

        JsonNode upstream = mock.lastRequest();
        JsonNode function = upstream.get("tools").get(0).get("function");
        assertEquals("get_weather", function.get("name").asText());
        assertEquals("string", function.get("parameters").get("properties").get("city").get("type").asText());
        JsonNode messages = upstream.get("messages");
        JsonNode call = messages.get(1).get("tool_calls").get(0);
        assertEquals("toolu_01", call.get("id").asText());
        assertEquals("Paris", TestGateway.json(call.get("function").get("arguments").asText()).get("city").asText());
        assertEquals("tool", messages.get(2).get("role").asText());
        assertEquals("toolu_01", messages.get(2).get("tool_call_id").asText());
        assertEquals("18 C", messages.get(2).get("content").asText());
        assertEquals("And tomorrow?", messages.get(3).get("content").asText());
    }

    @Test
    void should_answer_a_chat_tool_call_as_a_tool_use_block_with_parsed_input() {
        Message message = anthropic(TestGateway.KEY).messages().create(withWeatherTool("tool"));
        ToolUseBlock toolUse = message.content().get(0).asToolUse();

        assertEquals("get_weather", toolUse.name());
        assertEquals("Paris", toolUse._input().convert(Map.class).get("city"));
        assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
        assertEquals("get_weather", mock.lastRequest().get("tools").get(0).get("function").get("name").asText());
    }

    @Test
    void should_stream_a_chat_tool_call_as_a_tool_use_block_the_sdk_accumulates() {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic(TestGateway.KEY).messages().createStreaming(withWeatherTool("tool"))) {
            stream.stream().forEach(accumulator::accumulate);
        }
        ToolUseBlock toolUse = accumulator.message().content().get(0).asToolUse();

        assertEquals("get_weather", toolUse.name());
        assertEquals("Paris", toolUse._input().convert(Map.class).get("city"));
        assertEquals(StopReason.TOOL_USE, accumulator.message().stopReason().orElseThrow());
    }

    static MessageCreateParams withWeatherTool(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(100).addTool(Tool.builder().name("get_weather")
                        .inputSchema(Tool.InputSchema.builder().properties(JsonValue.from(Map.of("city", Map.of("type", "string")))).build())
                        .build())
                .addUserMessage("Weather in Paris?").build();
    }

    @Test
    void should_stream_anthropic_events_that_the_sdk_accumulates_into_the_message() {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic(TestGateway.KEY).messages().createStreaming(hello("fast"))) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();

        assertEquals("This is a mock reply from the Caravan mock upstream.", message.content().get(0).asText().text());
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
        assertTrue(message.usage().outputTokens() > 0);
    }

    @Test
    void should_frame_the_stream_as_anthropic_does() {
        HttpResponse<String> response = gateway.post("/v1/messages",
                "{\"model\":\"fast\",\"max_tokens\":50,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", TestGateway.KEY, "anthropic-version", "2023-06-01");
        List<String> names = eventNames(response.body());

        assertEquals(200, response.statusCode());
        assertEquals(List.of("message_start", "ping", "content_block_start"), names.subList(0, 3));
        assertEquals(List.of("content_block_stop", "message_delta", "message_stop"), names.subList(names.size() - 3, names.size()));
        assertTrue(names.subList(3, names.size() - 3).stream().allMatch("content_block_delta"::equals), names.toString());
        assertFalse(response.body().contains("[DONE]"));
        String traceId = response.headers().firstValue("x-caravan-trace-id").orElseThrow();
        JsonNode receipt = gateway.receiptEventually(traceId, TestGateway.KEY);
        assertEquals("/v1/messages", receipt.get("endpoint").asText());
        assertTrue(receipt.get("completion_tokens").asLong() > 0);
    }

    @Test
    void should_end_a_cut_stream_with_an_anthropic_error_event() {
        HttpResponse<String> response = gateway.post("/v1/messages",
                "{\"model\":\"cut\",\"max_tokens\":50,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", TestGateway.KEY);
        List<String> names = eventNames(response.body());
        List<String> data = dataLines(response.body());

        assertEquals("error", names.get(names.size() - 1));
        JsonNode error = TestGateway.json(data.get(data.size() - 1));
        assertEquals("error", error.get("type").asText());
        assertEquals("api_error", error.get("error").get("type").asText());
        assertFalse(names.contains("message_stop"));
    }

    @Test
    void should_refuse_a_wrong_key_with_anthropics_authentication_error() {
        UnauthorizedException e = assertThrows(UnauthorizedException.class,
                () -> anthropic("sk-wrong-key-000").messages().create(hello("fast")));

        HttpResponse<String> raw = gateway.post("/v1/messages",
                "{\"model\":\"fast\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", "sk-wrong-key-000");

        assertEquals(401, e.statusCode());
        assertEquals("authentication_error", TestGateway.json(raw.body()).get("error").get("type").asText(), raw.body());
    }

    @Test
    void should_answer_a_missing_max_tokens_with_an_anthropic_400_naming_it() {
        HttpResponse<String> response = gateway.post("/v1/messages",
                "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", TestGateway.KEY);
        JsonNode body = TestGateway.json(response.body());

        assertEquals(400, response.statusCode());
        assertEquals("error", body.get("type").asText());
        assertEquals("invalid_request_error", body.get("error").get("type").asText());
        assertEquals("max_tokens: field required", body.get("error").get("message").asText());
    }

    @Test
    void should_refuse_a_malformed_anthropic_version_naming_the_header() {
        HttpResponse<String> response = gateway.post("/v1/messages",
                "{\"model\":\"fast\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", TestGateway.KEY, "anthropic-version", "latest");

        assertEquals(400, response.statusCode());
        assertTrue(TestGateway.json(response.body()).get("error").get("message").asText().startsWith("anthropic-version: "),
                response.body());
    }

    @Test
    void should_answer_an_unknown_model_with_anthropics_not_found_error() {
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> anthropic(TestGateway.KEY).messages().create(hello("no-such-model")));

        HttpResponse<String> raw = gateway.post("/v1/messages",
                "{\"model\":\"no-such-model\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", TestGateway.KEY);

        assertEquals(404, e.statusCode());
        assertEquals("not_found_error", TestGateway.json(raw.body()).get("error").get("type").asText(), raw.body());
    }

    @Test
    void should_render_an_upstream_429_from_a_chat_target_as_anthropics_rate_limit_error() {
        HttpResponse<String> response = gateway.post("/v1/messages",
                "{\"model\":\"limited\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", TestGateway.KEY);
        JsonNode body = TestGateway.json(response.body());

        assertEquals(429, response.statusCode());
        assertEquals("rate_limit_error", body.get("error").get("type").asText(), response.body());
        assertThrows(RateLimitException.class, () -> anthropic(TestGateway.KEY).messages().create(hello("limited")));
    }
}
