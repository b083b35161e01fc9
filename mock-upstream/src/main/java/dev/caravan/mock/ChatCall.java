package dev.caravan.mock;

/**
 * One accepted chat completion request, reduced to what the reply needs.
 *
 * @param id               number in the completion id {@code chatcmpl-mock-<id>}
 * @param created          epoch seconds of the reply
 * @param modelJson        the requested model as a quoted JSON string
 * @param stream           whether the client asked for {@code stream: true}
 * @param includeUsage     whether it asked for {@code stream_options.include_usage: true}
 * @param behavior         defaults merged with the request's overrides
 * @param pieces           the reply text split into {@code behavior.chunks()} pieces
 * @param promptTokens     resolved prompt tokens
 * @param completionTokens resolved completion tokens
 */
record ChatCall(
    long id,
    long created,
    byte[] modelJson,
    boolean stream,
    boolean includeUsage,
    MockBehavior behavior,
    ContentPieces pieces,
    int promptTokens,
    int completionTokens) {

  /** True when the answer is an SSE stream rather than a hang, an error, a reset or a JSON body. */
  boolean answersWithStream() {
    return stream && !behavior.hang() && !behavior.reset() && behavior.status() == 200;
  }

  /** True when the request counts as an open stream until it ends: streams, and hanging stream requests. */
  boolean countsAsStream() {
    return stream && (behavior.hang() || answersWithStream());
  }

  /** Time between two content chunks of a stream, in nanoseconds. */
  long chunkIntervalNanos() {
    if (behavior.tokensPerSecond() > 0) {
      double tokensPerChunk = pieces.count() == 0 ? 1 : (double) completionTokens / pieces.count();
      return (long) (tokensPerChunk * 1_000_000_000L / behavior.tokensPerSecond());
    }
    return behavior.chunkIntervalMs() * 1_000_000L;
  }
}
