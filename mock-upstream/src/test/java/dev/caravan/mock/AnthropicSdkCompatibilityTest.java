package dev.caravan.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.ToolUseBlock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official Anthropic Java SDK, with strict validation, parses what the mock's /v1/messages sends. */
class AnthropicSdkCompatibilityTest {
  static MockUpstream mock;
  static AnthropicClient client;

  @BeforeAll
  static void start() {
    mock = MockUpstream.start(MockOptions.defaults());
    // The SDK's base URL has no /v1: it appends /v1/messages itself.
    client = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + mock.port())
        .apiKey("sk-ant-test").maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    mock.close();
  }

  @Test
  void should_parse_with_the_anthropic_sdk_when_not_streaming() {
    Message message = client.messages().create(params().build()).validate();

    assertEquals(MockBehavior.DEFAULT_CONTENT, message.content().get(0).asText().text());
    assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
    assertEquals("claude-sonnet-4-5", message.model().asString());
    assertEquals(12, message.usage().inputTokens());
    assertEquals(5, message.usage().outputTokens());
  }

  @Test
  void should_accumulate_the_stream_with_the_anthropic_sdk_when_streaming() {
    MessageAccumulator accumulator = MessageAccumulator.create();
    int events = 0;
    try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params().build())) {
      for (RawMessageStreamEvent event : (Iterable<RawMessageStreamEvent>) stream.stream()::iterator) {
        event.validate();
        accumulator.accumulate(event);
        events++;
      }
    }

    Message message = accumulator.message().validate();
    // message_start, content_block_start, 5 deltas, content_block_stop, message_delta, message_stop:
    // the SDK consumes ping itself.
    assertEquals(2 + 5 + 3, events);
    assertEquals(MockBehavior.DEFAULT_CONTENT, message.content().get(0).asText().text());
    assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
    assertEquals(5, message.usage().outputTokens());
  }

  @Test
  void should_accumulate_a_streamed_tool_use_with_the_anthropic_sdk_when_tool_call_is_set() {
    MessageCreateParams params = params().putAdditionalBodyProperty("mock", JsonValue.from(Map.of(
        "tool_call", "get_weather", "tool_arguments", Map.of("city", "Paris"), "chunks", 3))).build();
    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
      stream.stream().forEach(accumulator::accumulate);
    }

    Message message = accumulator.message().validate();
    ToolUseBlock toolUse = message.content().get(0).asToolUse();
    assertEquals("get_weather", toolUse.name());
    assertEquals(JsonValue.from(Map.of("city", "Paris")), toolUse._input());
    assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
  }

  @Test
  void should_raise_the_sdk_service_error_with_status_529_when_overloaded() {
    MessageCreateParams params = params().putAdditionalHeader("x-mock-status", "529").build();

    AnthropicServiceException e = assertThrows(AnthropicServiceException.class,
        () -> client.messages().create(params));

    assertEquals(529, e.statusCode());
    assertTrue(e.getMessage().contains("overloaded_error"), e.getMessage());
  }

  @Test
  void should_raise_the_sdk_bad_request_error_when_max_tokens_is_invalid() {
    MessageCreateParams params = params().maxTokens(0).build();

    BadRequestException e = assertThrows(BadRequestException.class, () -> client.messages().create(params));

    assertTrue(e.getMessage().contains("max_tokens"), e.getMessage());
  }

  private static MessageCreateParams.Builder params() {
    return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(256).addUserMessage("Say hello");
  }
}
