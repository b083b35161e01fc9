package dev.caravan.mock;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The behaviour knobs of {@link MockBehavior}, with the names used in request bodies
 * ({@code mock.latency_ms}), headers ({@code x-mock-latency-ms}), script steps and CLI flags
 * ({@code --latency-ms}). One table, so the spellings cannot drift apart.
 *
 * <p>A value arrives as text ({@link #parse}), becomes a typed value (Long, Integer, Double,
 * String or Boolean), and is set on a behaviour ({@link #set}), whose constructor checks ranges.
 */
enum MockKnob {
  LATENCY_MS("latency_ms", Kind.LONG, "Delay before the response head, in ms.",
      MockBehavior::latencyMs, (b, v) -> b.withLatencyMs((Long) v)),
  CHUNKS("chunks", Kind.INT, "Number of content chunks in a stream.",
      MockBehavior::chunks, (b, v) -> b.withChunks((Integer) v)),
  CHUNK_INTERVAL_MS("chunk_interval_ms", Kind.LONG, "Delay between stream chunks, in ms.",
      MockBehavior::chunkIntervalMs, (b, v) -> b.withChunkIntervalMs((Long) v)),
  TOKENS_PER_SECOND("tokens_per_second", Kind.DOUBLE, "Stream pacing in completion tokens per second"
      + " (0 = off; wins over chunk_interval_ms).",
      MockBehavior::tokensPerSecond, (b, v) -> b.withTokensPerSecond((Double) v)),
  CONTENT("content", Kind.TEXT, "Reply text, split across the chunks.",
      MockBehavior::content, (b, v) -> b.withContent((String) v)),
  PROMPT_TOKENS("prompt_tokens", Kind.COUNT, "Reported prompt tokens (-1 or auto = estimate from the"
      + " messages).",
      MockBehavior::promptTokens, (b, v) -> b.withPromptTokens((Integer) v)),
  COMPLETION_TOKENS("completion_tokens", Kind.COUNT, "Reported completion tokens (-1 or auto = number"
      + " of chunks).",
      MockBehavior::completionTokens, (b, v) -> b.withCompletionTokens((Integer) v)),
  STATUS("status", Kind.INT, "HTTP status: 200, or 400..599 to answer with error_body.",
      MockBehavior::status, (b, v) -> b.withStatus((Integer) v)),
  ERROR_BODY("error_body", Kind.TEXT, "Body of a non-200 answer (empty = OpenAI-style error for the"
      + " status).",
      MockBehavior::errorBody, (b, v) -> b.withErrorBody((String) v)),
  RETRY_AFTER("retry_after", Kind.TEXT, "Value of a retry-after response header (empty = none).",
      MockBehavior::retryAfter, (b, v) -> b.withRetryAfter((String) v)),
  RESET("reset", Kind.BOOLEAN, "Close the connection (TCP reset) instead of answering.",
      MockBehavior::reset, (b, v) -> b.withReset((Boolean) v)),
  TRUNCATE_AFTER("truncate_after", Kind.INT, "Streams: close the connection after this many content"
      + " chunks, without the final chunk and [DONE] (-1 = off).",
      MockBehavior::truncateAfter, (b, v) -> b.withTruncateAfter((Integer) v)),
  HANG("hang", Kind.BOOLEAN, "Accept the request and never answer, until the client goes away.",
      MockBehavior::hang, (b, v) -> b.withHang((Boolean) v)),
  RESET_AFTER("reset_after", Kind.INT, "Reset the connection (TCP reset) mid-answer: streams after this"
      + " many content chunks, non-streaming 200s after the head and this many body bytes (-1 = off).",
      MockBehavior::resetAfter, (b, v) -> b.withResetAfter((Integer) v)),
  ECHO("echo", Kind.BOOLEAN, "Reply with the text of the request's last user message instead of content.",
      MockBehavior::echo, (b, v) -> b.withEcho((Boolean) v)),
  TOOL_CALL("tool_call", Kind.TEXT, "Answer with a call of this tool instead of text (* = the first tool"
      + " the request declares; empty = none).",
      MockBehavior::toolCall, (b, v) -> b.withToolCall((String) v)),
  TOOL_ARGUMENTS("tool_arguments", Kind.TEXT, "Arguments of the tool call, a JSON object.",
      MockBehavior::toolArguments, (b, v) -> b.withToolArguments((String) v)),
  CACHED_TOKENS("cached_tokens", Kind.INT, "Reported cached prompt tokens.",
      MockBehavior::cachedTokens, (b, v) -> b.withCachedTokens((Integer) v)),
  REASONING_TOKENS("reasoning_tokens", Kind.INT, "Reported reasoning (thinking) tokens.",
      MockBehavior::reasoningTokens, (b, v) -> b.withReasoningTokens((Integer) v)),
  CACHE_CREATION_TOKENS("cache_creation_tokens", Kind.INT, "Reported Anthropic cache_creation_input_tokens.",
      MockBehavior::cacheCreationTokens, (b, v) -> b.withCacheCreationTokens((Integer) v)),
  REPLAY("replay", Kind.TEXT, "Fixture file (relative to --fixtures DIR) answered verbatim: a JSON body,"
      + " or an SSE stream sent event by event (empty = none).",
      MockBehavior::replay, (b, v) -> b.withReplay((String) v)),
  FAULT("fault", Kind.TEXT, "A broken answer instead of the rendered one: huge_json, huge_json_chunked,"
      + " endless_sse, huge_sse_event, truncated_json, malformed_sse (empty = none).",
      MockBehavior::fault, (b, v) -> b.withFault((String) v)),
  FAULT_BYTES("fault_bytes", Kind.LONG, "Size of the huge_* faults in bytes, generated as sent (default 1 GiB).",
      MockBehavior::faultBytes, (b, v) -> b.withFaultBytes((Long) v));

  static final String HEADER_PREFIX = "x-mock-";

  private static final Map<String, MockKnob> BY_NAME = new HashMap<>();

  static {
    for (MockKnob knob : values()) {
      BY_NAME.put(knob.key, knob);
      BY_NAME.put(knob.dashed(), knob);
    }
  }

  private final String key;
  private final Kind kind;
  private final String description;
  private final Function<MockBehavior, Object> getter;
  private final BiFunction<MockBehavior, Object, MockBehavior> setter;

  MockKnob(String key, Kind kind, String description, Function<MockBehavior, Object> getter,
      BiFunction<MockBehavior, Object, MockBehavior> setter) {
    this.key = key;
    this.kind = kind;
    this.description = description;
    this.getter = getter;
    this.setter = setter;
  }

  /**
   * Finds a knob by its snake_case or dashed name, case-insensitively.
   *
   * @throws InvalidKnobException when there is no such knob
   */
  static MockKnob byKey(String name) {
    MockKnob knob = BY_NAME.get(name.toLowerCase(Locale.ROOT));
    if (knob == null) {
      String known = "known: " + BY_NAME.keySet().stream().filter(k -> k.indexOf('-') < 0).sorted().toList();
      throw new InvalidKnobException(name, "unknown mock knob; " + known,
          "unknown mock knob '" + name + "'; " + known);
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

  /** Parses and applies a value given as text (header, CLI flag, JSON scalar). */
  MockBehavior apply(MockBehavior behavior, String value) {
    return set(behavior, parse(value));
  }

  /**
   * The typed value of a text, type-checked and range-checked.
   *
   * @throws InvalidKnobException naming this knob
   */
  Object parse(String value) {
    Object typed = kind.parse(key, value == null ? "" : value.trim());
    set(MockBehavior.defaults(), typed); // each knob's range check is independent of the others
    return typed;
  }

  /** Sets a typed value from {@link #parse} (or of the matching boxed type). */
  MockBehavior set(MockBehavior behavior, Object typed) {
    return setter.apply(behavior, typed);
  }

  private enum Kind {
    LONG, INT, COUNT, DOUBLE, TEXT, BOOLEAN;

    Object parse(String key, String v) {
      return switch (this) {
        case LONG -> parseLong(key, v);
        case INT -> parseInt(key, v);
        case COUNT -> "auto".equalsIgnoreCase(v) ? MockBehavior.AUTO : parseInt(key, v);
        case DOUBLE -> parseDouble(key, v);
        case TEXT -> v;
        case BOOLEAN -> parseBoolean(key, v);
      };
    }
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

  private static InvalidKnobException invalid(String key, String v, String expected) {
    return new InvalidKnobException(key, "expected " + expected + ", got '" + v + "'");
  }
}
