package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an answer needs from a request, read the same way whatever its wire format, so that knobs,
 * scripts, echo and tool calls behave alike on every endpoint.
 *
 * @param model         the upstream model the request names (body field, or the URL for Gemini)
 * @param stream        whether the client asked for a stream
 * @param includeUsage  OpenAI chat: {@code stream_options.include_usage}
 * @param promptChars   characters of prompt text, to estimate prompt tokens
 * @param messages      number of messages (or inputs), to estimate prompt tokens
 * @param lastUserText  text of the last user message ({@code echo}); empty when none
 * @param firstToolName name of the first tool the request declares ({@code tool_call: "*"}); null when none
 * @param body          the parsed body, for renderers that echo request fields
 * @param host          the request's Host header, for absolute URLs in answers; empty when none
 */
record RequestFacts(
    String model,
    boolean stream,
    boolean includeUsage,
    long promptChars,
    int messages,
    String lastUserText,
    String firstToolName,
    JsonNode body,
    String host) {

  RequestFacts withHost(String v) {
    return new RequestFacts(model, stream, includeUsage, promptChars, messages, lastUserText, firstToolName, body, v);
  }

  /** About four characters per token, as OpenAI's rule of thumb, plus a few per message. */
  int estimatedPromptTokens() {
    return (int) Math.min(Integer.MAX_VALUE, (promptChars + 3) / 4 + 3L * messages);
  }
}
