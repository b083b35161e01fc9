package dev.caravan.mock;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The behaviour knobs of {@link MockBehavior}, with the names used in request bodies
 * ({@code mock.latency_ms}), headers ({@code x-mock-latency-ms}) and CLI flags
 * ({@code --latency-ms}). One table, so the three spellings cannot drift apart.
 */
enum MockKnob {
  LATENCY_MS("latency_ms", "Delay before the response head, in ms.",
      MockBehavior::latencyMs, (b, v) -> b.withLatencyMs(parseLong("latency_ms", v))),
  CHUNKS("chunks", "Number of content chunks in a stream.",
      MockBehavior::chunks, (b, v) -> b.withChunks(parseInt("chunks", v))),
  CHUNK_INTERVAL_MS("chunk_interval_ms", "Delay between stream chunks, in ms.",
      MockBehavior::chunkIntervalMs, (b, v) -> b.withChunkIntervalMs(parseLong("chunk_interval_ms", v))),
  TOKENS_PER_SECOND("tokens_per_second", "Stream pacing in completion tokens per second (0 = off;"
      + " wins over chunk_interval_ms).",
      MockBehavior::tokensPerSecond, (b, v) -> b.withTokensPerSecond(parseDouble("tokens_per_second", v))),
  CONTENT("content", "Reply text, split across the chunks.",
      MockBehavior::content, MockBehavior::withContent),
  PROMPT_TOKENS("prompt_tokens", "Reported prompt tokens (-1 or auto = estimate from the messages).",
      MockBehavior::promptTokens, (b, v) -> b.withPromptTokens(parseCount("prompt_tokens", v))),
  COMPLETION_TOKENS("completion_tokens", "Reported completion tokens (-1 or auto = number of chunks).",
      MockBehavior::completionTokens, (b, v) -> b.withCompletionTokens(parseCount("completion_tokens", v))),
  STATUS("status", "HTTP status: 200, or 400..599 to answer with error_body.",
      MockBehavior::status, (b, v) -> b.withStatus(parseInt("status", v))),
  ERROR_BODY("error_body", "Body of a non-200 answer (empty = OpenAI-style error for the status).",
      MockBehavior::errorBody, MockBehavior::withErrorBody),
  RETRY_AFTER("retry_after", "Value of a retry-after response header (empty = none).",
      MockBehavior::retryAfter, MockBehavior::withRetryAfter),
  RESET("reset", "Close the connection (TCP reset) instead of answering.",
      MockBehavior::reset, (b, v) -> b.withReset(parseBoolean("reset", v))),
  TRUNCATE_AFTER("truncate_after", "Streams: close the connection after this many content chunks,"
      + " without the final chunk and [DONE] (-1 = off).",
      MockBehavior::truncateAfter, (b, v) -> b.withTruncateAfter(parseInt("truncate_after", v)));

  static final String HEADER_PREFIX = "x-mock-";

  private static final Map<String, MockKnob> BY_NAME = new HashMap<>();

  static {
    for (MockKnob knob : values()) {
      BY_NAME.put(knob.key, knob);
      BY_NAME.put(knob.dashed(), knob);
    }
  }

  private final String key;
  private final String description;
  private final Function<MockBehavior, Object> getter;
  private final BiFunction<MockBehavior, String, MockBehavior> setter;

  MockKnob(String key, String description, Function<MockBehavior, Object> getter,
      BiFunction<MockBehavior, String, MockBehavior> setter) {
    this.key = key;
    this.description = description;
    this.getter = getter;
    this.setter = setter;
  }

  /** Finds a knob by its snake_case or dashed name, case-insensitively. */
  static MockKnob byKey(String name) {
    MockKnob knob = BY_NAME.get(name.toLowerCase(Locale.ROOT));
    if (knob == null) {
      throw new IllegalArgumentException("unknown mock knob '" + name + "'; known: " + BY_NAME.keySet()
          .stream().filter(k -> k.indexOf('-') < 0).sorted().toList());
    }
    return knob;
  }

  String key() {
    return key;
  }

  String dashed() {
    return key.replace('_', '-');
  }

  String header() {
    return HEADER_PREFIX + dashed();
  }

  String description() {
    return description;
  }

  Object valueIn(MockBehavior behavior) {
    return getter.apply(behavior);
  }

  MockBehavior apply(MockBehavior behavior, String value) {
    return setter.apply(behavior, value == null ? "" : value.trim());
  }

  private static long parseLong(String key, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw invalid(key, v, "an integer");
    }
  }

  private static int parseInt(String key, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw invalid(key, v, "an integer");
    }
  }

  private static int parseCount(String key, String v) {
    return "auto".equalsIgnoreCase(v) ? MockBehavior.AUTO : parseInt(key, v);
  }

  private static double parseDouble(String key, String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw invalid(key, v, "a number");
    }
  }

  private static boolean parseBoolean(String key, String v) {
    if ("true".equalsIgnoreCase(v)) {
      return true;
    }
    if ("false".equalsIgnoreCase(v)) {
      return false;
    }
    throw invalid(key, v, "true or false");
  }

  private static IllegalArgumentException invalid(String key, String v, String expected) {
    return new IllegalArgumentException("mock knob " + key + ": expected " + expected + ", got '" + v + "'");
  }
}
