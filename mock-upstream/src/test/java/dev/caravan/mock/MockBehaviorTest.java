package dev.caravan.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MockBehaviorTest {

  @Test
  void should_apply_every_knob_when_overridden_by_snake_or_dashed_name() {
    MockBehavior b = MockBehavior.defaults()
        .withOverride("latency_ms", "10").withOverride("chunks", "3").withOverride("chunk-interval-ms", "4")
        .withOverride("tokens_per_second", "2.5").withOverride("content", "hi")
        .withOverride("prompt_tokens", "auto").withOverride("completion_tokens", "7")
        .withOverride("status", "503").withOverride("error_body", "{}").withOverride("retry_after", "1")
        .withOverride("reset", "true").withOverride("truncate_after", "2")
        .withOverride("hang", "true").withOverride("reset-after", "3");

    assertEquals(new MockBehavior(10, 3, 4, 2.5, "hi", MockBehavior.AUTO, 7, 503, "{}", "1", true, 2, true, 3), b);
  }

  @Test
  void should_apply_the_tool_echo_token_and_replay_knobs_when_overridden() {
    MockBehavior b = MockBehavior.defaults()
        .withOverride("echo", "true").withOverride("tool-call", "get_weather")
        .withOverride("tool_arguments", "{\"city\":\"Paris\"}").withOverride("cached_tokens", "4")
        .withOverride("reasoning-tokens", "5").withOverride("cache_creation_tokens", "6")
        .withOverride("replay", "anthropic/messages-stream.sse");

    assertEquals(MockBehavior.defaults().withEcho(true).withToolCall("get_weather")
        .withToolArguments("{\"city\":\"Paris\"}").withCachedTokens(4).withReasoningTokens(5)
        .withCacheCreationTokens(6).withReplay("anthropic/messages-stream.sse"), b);
  }

  @Test
  void should_reject_naming_the_knob_when_tool_arguments_are_not_a_json_object() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MockBehavior.defaults().withOverride("tool_arguments", "\"Paris\""));

    assertTrue(e.getMessage().contains("tool_arguments"), e.getMessage());
  }

  @Test
  void should_apply_the_body_object_with_typed_values_when_overridden_from_json() {
    MockBehavior b = MockBehavior.defaults().withOverrides(Http.json(
        "{\"latency_ms\":5,\"reset\":false,\"error_body\":{\"error\":{\"message\":\"x\"}}}"));

    assertEquals(5, b.latencyMs());
    assertEquals("{\"error\":{\"message\":\"x\"}}", b.errorBody());
  }

  @Test
  void should_return_the_same_behaviour_when_the_body_has_no_mock_object() {
    assertSame(MockBehavior.defaults(), MockBehavior.defaults().withOverrides(null));
  }

  @Test
  void should_reject_naming_the_knob_when_a_value_is_out_of_range() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MockBehavior.defaults().withOverride("latency_ms", "-5"));

    assertTrue(e.getMessage().contains("latency_ms"), e.getMessage());
  }

  @Test
  void should_reject_when_mock_is_not_an_object() {
    assertThrows(IllegalArgumentException.class, () -> MockBehavior.defaults().withOverrides(Http.json("[1]")));
  }
}
