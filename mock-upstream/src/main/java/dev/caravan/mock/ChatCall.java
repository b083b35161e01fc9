package dev.caravan.mock;

/**
 * One accepted request of any wire format, reduced to what the answer needs.
 *
 * @param id               number in the answer's ids ({@code chatcmpl-mock-<id>}, {@code msg_mock_<id>} ...)
 * @param created          epoch seconds of the reply
 * @param format           the wire format that reads the request and writes the answer
 * @param request          what was read from the request
 * @param modelJson        the requested model as a quoted JSON string
 * @param behavior         defaults merged with the script step and the request's overrides
 * @param pieces           the reply text, or the tool call's arguments, split into {@code behavior.chunks()} pieces
 * @param tool             the tool call answered instead of text, or null
 * @param promptTokens     resolved prompt tokens
 * @param completionTokens resolved completion tokens
 */
record ChatCall(
    long id,
    long created,
    WireFormat format,
    RequestFacts request,
    byte[] modelJson,
    MockBehavior behavior,
    ContentPieces pieces,
    ToolCall tool,
    int promptTokens,
    int completionTokens) {

  String model() {
    return request.model();
  }

  /** Whether the client asked for a stream. */
  boolean stream() {
    return request.stream();
  }

  /** Whether it asked for {@code stream_options.include_usage: true} (OpenAI chat). */
  boolean includeUsage() {
    return request.includeUsage();
  }

  /** True when the answer is a stream rather than a hang, an error, a reset or a JSON body. */
  boolean answersWithStream() {
    return stream() && !behavior.hang() && !behavior.reset() && behavior.status() == 200;
  }

  /** True when the request counts as an open stream until it ends: streams, and hanging stream requests. */
  boolean countsAsStream() {
    return stream() && (behavior.hang() || answersWithStream());
  }

  /** Time between two of a stream's {@code events} content events, in nanoseconds. */
  long chunkIntervalNanos(int events) {
    if (behavior.tokensPerSecond() > 0) {
      double tokensPerChunk = events == 0 ? 1 : (double) completionTokens / events;
      return (long) (tokensPerChunk * 1_000_000_000L / behavior.tokensPerSecond());
    }
    return behavior.chunkIntervalMs() * 1_000_000L;
  }
}
