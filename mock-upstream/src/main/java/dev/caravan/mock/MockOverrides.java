package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A set of behaviour knob overrides: what one {@link MockScript} step, a request's
 * {@code "mock"} object or its {@code x-mock-*} headers change. Knobs not set keep the value of
 * the layer below. Immutable; every value is checked when set, so applying never fails.
 *
 * <pre>{@code MockOverrides.none().withStatus(429).withRetryAfter("2")}</pre>
 */
public final class MockOverrides {
  private static final MockOverrides NONE = new MockOverrides(new EnumMap<>(MockKnob.class));

  private final EnumMap<MockKnob, Object> values;

  private MockOverrides(EnumMap<MockKnob, Object> values) {
    this.values = values;
  }

  /** Overrides nothing. */
  public static MockOverrides none() {
    return NONE;
  }

  /**
   * The knobs of a JSON object such as a request's {@code "mock"} object: text, number and
   * boolean values; a JSON object or array value is taken as its JSON text (for
   * {@code error_body}). Null or missing = {@link #none()}.
   *
   * @throws IllegalArgumentException when it is not an object, or a knob is unknown or invalid
   */
  public static MockOverrides fromJson(JsonNode mock) {
    if (mock == null || mock.isNull() || mock.isMissingNode()) {
      return NONE;
    }
    if (!mock.isObject()) {
      throw new IllegalArgumentException("mock: must be a JSON object of behaviour knobs");
    }
    MockOverrides merged = NONE;
    for (Map.Entry<String, JsonNode> knob : mock.properties()) {
      merged = merged.with(knob.getKey(), text(knob.getValue()));
    }
    return merged;
  }

  /** The text a JSON knob value stands for. */
  static String text(JsonNode value) {
    return value.isContainerNode() ? value.toString() : value.asText();
  }

  /**
   * Sets a knob from text, as in a header.
   *
   * @param knob snake_case ({@code latency_ms}) or dashed ({@code latency-ms}) name
   * @throws IllegalArgumentException naming the knob, when it is unknown or the value invalid
   */
  public MockOverrides with(String knob, String value) {
    MockKnob k = MockKnob.byKey(knob);
    return put(k, k.parse(value));
  }

  private MockOverrides with(MockKnob knob, Object typed) {
    knob.set(MockBehavior.defaults(), typed); // range check, naming the knob
    return put(knob, typed);
  }

  private MockOverrides put(MockKnob knob, Object typed) {
    EnumMap<MockKnob, Object> copy = values.isEmpty() ? new EnumMap<>(MockKnob.class) : new EnumMap<>(values);
    copy.put(knob, typed);
    return new MockOverrides(copy);
  }

  /** These overrides over {@code base}'s knobs; {@code base} itself when there are none. */
  public MockBehavior applyTo(MockBehavior base) {
    MockBehavior merged = base;
    for (Map.Entry<MockKnob, Object> knob : values.entrySet()) {
      merged = knob.getKey().set(merged, knob.getValue());
    }
    return merged;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** Knob name (snake_case) to value (Long, Integer, Double, String or Boolean), in knob order. */
  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    values.forEach((knob, value) -> map.put(knob.key(), value));
    return Collections.unmodifiableMap(map);
  }

  public MockOverrides withLatencyMs(long v) {
    return with(MockKnob.LATENCY_MS, v);
  }

  public MockOverrides withChunks(int v) {
    return with(MockKnob.CHUNKS, v);
  }

  public MockOverrides withChunkIntervalMs(long v) {
    return with(MockKnob.CHUNK_INTERVAL_MS, v);
  }

  public MockOverrides withTokensPerSecond(double v) {
    return with(MockKnob.TOKENS_PER_SECOND, v);
  }

  public MockOverrides withContent(String v) {
    return with(MockKnob.CONTENT, v);
  }

  public MockOverrides withPromptTokens(int v) {
    return with(MockKnob.PROMPT_TOKENS, v);
  }

  public MockOverrides withCompletionTokens(int v) {
    return with(MockKnob.COMPLETION_TOKENS, v);
  }

  public MockOverrides withStatus(int v) {
    return with(MockKnob.STATUS, v);
  }

  public MockOverrides withErrorBody(String v) {
    return with(MockKnob.ERROR_BODY, v);
  }

  public MockOverrides withRetryAfter(String v) {
    return with(MockKnob.RETRY_AFTER, v);
  }

  public MockOverrides withReset(boolean v) {
    return with(MockKnob.RESET, v);
  }

  public MockOverrides withTruncateAfter(int v) {
    return with(MockKnob.TRUNCATE_AFTER, v);
  }

  public MockOverrides withHang(boolean v) {
    return with(MockKnob.HANG, v);
  }

  public MockOverrides withResetAfter(int v) {
    return with(MockKnob.RESET_AFTER, v);
  }

  public MockOverrides withEcho(boolean v) {
    return with(MockKnob.ECHO, v);
  }

  public MockOverrides withToolCall(String v) {
    return with(MockKnob.TOOL_CALL, v);
  }

  public MockOverrides withToolArguments(String v) {
    return with(MockKnob.TOOL_ARGUMENTS, v);
  }

  public MockOverrides withCachedTokens(int v) {
    return with(MockKnob.CACHED_TOKENS, v);
  }

  public MockOverrides withReasoningTokens(int v) {
    return with(MockKnob.REASONING_TOKENS, v);
  }

  public MockOverrides withCacheCreationTokens(int v) {
    return with(MockKnob.CACHE_CREATION_TOKENS, v);
  }

  public MockOverrides withReplay(String v) {
    return with(MockKnob.REPLAY, v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MockOverrides other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
