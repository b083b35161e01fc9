package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * How the mock upstream answers one chat completion request.
 *
 * <p>Each knob can be a server default ({@link MockOptions#defaults()}, CLI flags), set by the
 * step of a per-model {@link MockScript}, or set per request in a top-level {@code "mock": {...}}
 * object of the JSON body (snake_case keys) or in a {@code x-mock-<key-with-dashes>} header.
 * Precedence: header &gt; body &gt; script step &gt; default. See {@link MockKnob} for the key of
 * each component.
 *
 * @param latencyMs        delay before the response head (streaming and not), in ms
 * @param chunks           number of content chunks a stream carries; the content is split across them
 * @param chunkIntervalMs  delay between two stream chunks, in ms
 * @param tokensPerSecond  alternative pacing (0 = off): each chunk carries
 *                         {@code completionTokens / chunks} tokens and is sent at this rate;
 *                         when set it wins over {@code chunkIntervalMs}
 * @param content          the assistant reply text
 * @param promptTokens     reported prompt tokens; {@link #AUTO} estimates them from the messages
 * @param completionTokens reported completion tokens; {@link #AUTO} = the number of chunks
 * @param status           HTTP status, 200 or 400..599; an error status answers with {@code errorBody}
 * @param errorBody        body of a non-200 answer; empty = an OpenAI-style error for the status
 * @param retryAfter       value of a {@code retry-after} response header; empty = no header
 * @param reset            close the connection (TCP reset) instead of answering
 * @param truncateAfter    streams only: send this many content chunks, then close the connection
 *                         without the final chunk and {@code [DONE]} (a clean close, FIN);
 *                         {@link #OFF} = never
 * @param hang             accept the request and never answer, until the client goes away; wins
 *                         over every other knob
 * @param resetAfter       reset the connection (TCP reset) mid-answer: a stream after this many
 *                         content chunks, a non-streaming 200 after the head and this many body
 *                         bytes (at most all but the last); {@link #OFF} = never
 * @param echo             reply with the text of the request's last user message instead of {@code content}
 * @param toolCall         answer with a call of this tool instead of text; {@code *} = the first tool the
 *                         request declares; empty = no tool call
 * @param toolArguments    the tool call's arguments, a JSON object as text
 * @param cachedTokens     reported cached prompt tokens (OpenAI {@code cached_tokens}, Anthropic
 *                         {@code cache_read_input_tokens}, Gemini {@code cachedContentTokenCount})
 * @param reasoningTokens  reported reasoning tokens (OpenAI {@code reasoning_tokens}, Gemini
 *                         {@code thoughtsTokenCount})
 * @param cacheCreationTokens reported Anthropic {@code cache_creation_input_tokens}
 * @param replay           a fixture file (relative to the fixtures directory) answered verbatim instead
 *                         of a rendered answer; empty = none
 * @param fault            a broken answer of a provider gone wrong instead of the rendered one
 *                         ({@link MockFault}); empty = none
 * @param faultBytes       how big the {@code huge_*} faults are; generated as they are sent, never held
 */
public record MockBehavior(
    long latencyMs,
    int chunks,
    long chunkIntervalMs,
    double tokensPerSecond,
    String content,
    int promptTokens,
    int completionTokens,
    int status,
    String errorBody,
    String retryAfter,
    boolean reset,
    int truncateAfter,
    boolean hang,
    int resetAfter,
    boolean echo,
    String toolCall,
    String toolArguments,
    int cachedTokens,
    int reasoningTokens,
    int cacheCreationTokens,
    String replay,
    String fault,
    long faultBytes) {

  /** Value of {@link #promptTokens} / {@link #completionTokens} that derives the count. */
  public static final int AUTO = -1;
  /** Value of {@link #truncateAfter} / {@link #resetAfter} that turns it off. */
  public static final int OFF = -1;
  /** Upper bound of {@link #chunks}: the content pieces are held in memory per request. */
  public static final int MAX_CHUNKS = 100_000;

  /** The default {@link #toolArguments}: no arguments. */
  public static final String NO_ARGUMENTS = "{}";

  /** 1 GiB: what took a gateway's heap down before answers were bounded. */
  public static final long DEFAULT_FAULT_BYTES = 1L << 30;

  public static final String DEFAULT_CONTENT =
      "This is a mock reply from the Caravan mock upstream.";

  private static final MockBehavior DEFAULTS =
      new MockBehavior(0, 5, 0, 0, DEFAULT_CONTENT, 12, AUTO, 200, "", "", false, OFF, false, OFF,
          false, "", NO_ARGUMENTS, 0, 0, 0, "", "", DEFAULT_FAULT_BYTES);

  public MockBehavior {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(errorBody, "error_body");
    Objects.requireNonNull(retryAfter, "retry_after");
    check(latencyMs >= 0, "latency_ms", "must be >= 0");
    check(chunks >= 0 && chunks <= MAX_CHUNKS, "chunks", "must be between 0 and " + MAX_CHUNKS);
    check(chunkIntervalMs >= 0, "chunk_interval_ms", "must be >= 0");
    check(tokensPerSecond >= 0 && Double.isFinite(tokensPerSecond), "tokens_per_second",
        "must be a finite number >= 0");
    check(promptTokens >= AUTO, "prompt_tokens", "must be >= 0, or -1 (auto)");
    check(completionTokens >= AUTO, "completion_tokens", "must be >= 0, or -1 (auto)");
    // Only statuses that carry a body: 1xx, 204 or 304 with an error body would be broken HTTP.
    check(status == 200 || status >= 400 && status <= 599, "status", "must be 200 or between 400 and 599");
    check(truncateAfter >= OFF, "truncate_after", "must be >= 0, or -1 (off)");
    check(resetAfter >= OFF, "reset_after", "must be >= 0, or -1 (off)");
    Objects.requireNonNull(toolCall, "tool_call");
    Objects.requireNonNull(toolArguments, "tool_arguments");
    Objects.requireNonNull(replay, "replay");
    Objects.requireNonNull(fault, "fault");
    check(fault.isEmpty() || MockFault.NAMES.contains(fault), "fault", "must be one of " + MockFault.NAMES + " (or empty)");
    check(faultBytes >= 1, "fault_bytes", "must be >= 1");
    check(cachedTokens >= 0, "cached_tokens", "must be >= 0");
    check(reasoningTokens >= 0, "reasoning_tokens", "must be >= 0");
    check(cacheCreationTokens >= 0, "cache_creation_tokens", "must be >= 0");
    check(toolArguments.equals(NO_ARGUMENTS) || ToolCall.isJsonObject(toolArguments), "tool_arguments",
        "must be a JSON object, e.g. {\"city\":\"Paris\"}");
    check(retryAfter.indexOf('\r') < 0 && retryAfter.indexOf('\n') < 0, "retry_after",
        "must not contain line breaks");
  }

  /** The knobs that existed before tool calls, echo, cache/reasoning tokens and replay (those off). */
  public MockBehavior(long latencyMs, int chunks, long chunkIntervalMs, double tokensPerSecond, String content,
      int promptTokens, int completionTokens, int status, String errorBody, String retryAfter, boolean reset,
      int truncateAfter, boolean hang, int resetAfter) {
    this(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, content, promptTokens, completionTokens, status,
        errorBody, retryAfter, reset, truncateAfter, hang, resetAfter, false, "", NO_ARGUMENTS, 0, 0, 0, "", "",
        DEFAULT_FAULT_BYTES);
  }

  /** Answers 200 after no delay with {@link #DEFAULT_CONTENT} in 5 chunks, 12 prompt tokens. */
  public static MockBehavior defaults() {
    return DEFAULTS;
  }

  /**
   * Applies one knob given as text, as it arrives in a header or on the command line.
   *
   * @param key snake_case knob name ({@code latency_ms}) or its dashed form ({@code latency-ms})
   * @throws IllegalArgumentException naming the knob, when the key is unknown or the value invalid
   */
  public MockBehavior withOverride(String key, String value) {
    return MockKnob.byKey(key).apply(this, value);
  }

  /**
   * Applies the knobs of a request's {@code "mock"} object. Text, number and boolean values are
   * accepted; {@code error_body} may also be a JSON object or array (sent as is).
   *
   * @throws IllegalArgumentException when {@code mock} is not an object, or a knob is invalid
   */
  public MockBehavior withOverrides(JsonNode mock) {
    return MockOverrides.fromJson(mock).applyTo(this);
  }

  public MockBehavior withLatencyMs(long v) {
    return new MockBehavior(v, chunks, chunkIntervalMs, tokensPerSecond, content, promptTokens, completionTokens, status, errorBody, retryAfter, reset, truncateAfter, hang, resetAfter, echo, toolCall, toolArguments, cachedTokens, reasoningTokens, cacheCreationTokens, replay, fault, faultBytes);
  }

  public MockBehavior withChunks(int v) {
    return new MockBehavior(latencyMs, v, chunkIntervalMs, tokensPerSecond, content, promptTokens, completionTokens, status, errorBody, retryAfter, reset, truncateAfter, hang, resetAfter, echo, toolCall, toolArguments, cachedTokens, reasoningTokens, cacheCreationTokens, replay, fault, faultBytes);
  }

  public MockBehavior withChunkIntervalMs(long v) {
    return new MockBehavior(latencyMs, chunks, v, tokensPerSecond, content, promptTokens, completionTokens, status, errorBody, retryAfter, reset, truncateAfter, hang, resetAfter, echo, toolCall, toolArguments, cachedTokens, reasoningTokens, cacheCreationTokens, replay, fault, faultBytes);
  }

  public MockBehavior withTokensPerSecond(double v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, v, content, promptTokens, completionTokens, status, errorBody, retryAfter, reset, truncateAfter, hang, resetAfter, echo, toolCall, toolArguments, cachedTokens, reasoningTokens, cacheCreationTokens, replay, fault, faultBytes);
  }

  public MockBehavior withContent(String v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, v, promptTokens, completionTokens, status, errorBody, retryAfter, reset, truncateAfter, hang, resetAfter, echo, toolCall, toolArguments, cachedTokens, reasoningTokens, cacheCreationTokens, replay, fault, faultBytes);
  }

  public MockBehavior withPromptTokens(int v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, content, v, completionTokens, status, errorBody, retryAfter, reset, truncateAfter, hang, resetAfter, echo, toolCall, toolArguments, cachedTokens, reasoningTokens, cacheCreationTokens, replay, fault, faultBytes);
  }

  public MockBehavior withCompletionTokens(int v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, content, promptTokens, v, status, errorBody, retryAfter, reset, truncateAfter, hang, resetAfter, echo, toolCall, toolArguments, cachedTokens, reasoningTokens, cacheCreationTokens, replay, fault, faultBytes);
  }

  public MockBehavior withStatus(int v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, content, promptTokens, completionTokens, v, errorBody, retryAfter, reset, truncateAfter, hang, resetAfter, echo, toolCall, toolArguments, cachedTokens, reasoningTokens, cacheCreationTokens, replay, fault, faultBytes);
  }

  public MockBehavior withErrorBody(String v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, content, promptTokens, completionTokens, status, v, retryAfter, reset, truncateAfter, hang, resetAfter, echo, toolCall, toolArguments, cachedTokens, reasoningTokens, cacheCreationTokens, replay, fault, faultBytes);
  }

  public MockBehavior withRetryAfter(String v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, content, promptTokens, completionTokens, status, errorBody, v, reset, truncateAfter, hang, resetAfter, echo, toolCall, toolArguments, cachedTokens, reasoningTokens, cacheCreationTokens, replay, fault, faultBytes);
  }

  public MockBehavior withReset(boolean v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, content, promptTokens, completionTokens, status, errorBody, retryAfter, v, truncateAfter, hang, resetAfter, echo, toolCall, toolArguments, cachedTokens, reasoningTokens, cacheCreationTokens, replay, fault, faultBytes);
  }

  public MockBehavior withTruncateAfter(int v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, content, promptTokens, completionTokens, status, errorBody, retryAfter, reset, v, hang, resetAfter, echo, toolCall, toolArguments, cachedTokens, reasoningTokens, cacheCreationTokens, replay, fault, faultBytes);
  }

  public MockBehavior withHang(boolean v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, content, promptTokens, completionTokens, status, errorBody, retryAfter, reset, truncateAfter, v, resetAfter, echo, toolCall, toolArguments, cachedTokens, reasoningTokens, cacheCreationTokens, replay, fault, faultBytes);
  }

  public MockBehavior withResetAfter(int v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, content, promptTokens, completionTokens, status, errorBody, retryAfter, reset, truncateAfter, hang, v, echo, toolCall, toolArguments, cachedTokens, reasoningTokens, cacheCreationTokens, replay, fault, faultBytes);
  }

  public MockBehavior withEcho(boolean v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, content, promptTokens, completionTokens, status, errorBody, retryAfter, reset, truncateAfter, hang, resetAfter, v, toolCall, toolArguments, cachedTokens, reasoningTokens, cacheCreationTokens, replay, fault, faultBytes);
  }

  public MockBehavior withToolCall(String v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, content, promptTokens, completionTokens, status, errorBody, retryAfter, reset, truncateAfter, hang, resetAfter, echo, v, toolArguments, cachedTokens, reasoningTokens, cacheCreationTokens, replay, fault, faultBytes);
  }

  public MockBehavior withToolArguments(String v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, content, promptTokens, completionTokens, status, errorBody, retryAfter, reset, truncateAfter, hang, resetAfter, echo, toolCall, v, cachedTokens, reasoningTokens, cacheCreationTokens, replay, fault, faultBytes);
  }

  public MockBehavior withCachedTokens(int v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, content, promptTokens, completionTokens, status, errorBody, retryAfter, reset, truncateAfter, hang, resetAfter, echo, toolCall, toolArguments, v, reasoningTokens, cacheCreationTokens, replay, fault, faultBytes);
  }

  public MockBehavior withReasoningTokens(int v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, content, promptTokens, completionTokens, status, errorBody, retryAfter, reset, truncateAfter, hang, resetAfter, echo, toolCall, toolArguments, cachedTokens, v, cacheCreationTokens, replay, fault, faultBytes);
  }

  public MockBehavior withCacheCreationTokens(int v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, content, promptTokens, completionTokens, status, errorBody, retryAfter, reset, truncateAfter, hang, resetAfter, echo, toolCall, toolArguments, cachedTokens, reasoningTokens, v, replay, fault, faultBytes);
  }

  public MockBehavior withReplay(String v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, content, promptTokens, completionTokens, status, errorBody, retryAfter, reset, truncateAfter, hang, resetAfter, echo, toolCall, toolArguments, cachedTokens, reasoningTokens, cacheCreationTokens, v, fault, faultBytes);
  }

  public MockBehavior withFault(String v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, content, promptTokens, completionTokens, status, errorBody, retryAfter, reset, truncateAfter, hang, resetAfter, echo, toolCall, toolArguments, cachedTokens, reasoningTokens, cacheCreationTokens, replay, v, faultBytes);
  }

  public MockBehavior withFaultBytes(long v) {
    return new MockBehavior(latencyMs, chunks, chunkIntervalMs, tokensPerSecond, content, promptTokens, completionTokens, status, errorBody, retryAfter, reset, truncateAfter, hang, resetAfter, echo, toolCall, toolArguments, cachedTokens, reasoningTokens, cacheCreationTokens, replay, fault, v);
  }

  private static void check(boolean ok, String key, String rule) {
    if (!ok) {
      throw new InvalidKnobException(key, rule);
    }
  }
}
