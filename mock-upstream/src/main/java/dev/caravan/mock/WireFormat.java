package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * One provider wire format served by the mock: how its requests are validated and read, and how
 * its answers, streams and errors are written. The knobs, scripts, pacing, injected failures and
 * recording around it ({@link ChatCallFactory}, {@link ChatExchange}, {@link SseStream}) are shared.
 * Implementations are stateless and called on event-loop threads.
 */
interface WireFormat {

  /**
   * Checks the headers the real API requires, before the body.
   *
   * @throws InvalidRequestException naming the header
   */
  default void checkHeaders(HttpHeaders headers) {}

  /**
   * Validates a parsed JSON object body as the real API does and reads what the answer needs.
   *
   * @param pathModel the model named by the URL (Gemini), or null
   * @throws InvalidRequestException naming the offending field
   */
  RequestFacts read(JsonNode body, String pathModel);

  /**
   * The tool call a request forces by itself (Anthropic {@code tool_choice: {type: tool}}, how a
   * JSON mode is asked of Anthropic), answered when no {@code tool_call} knob is set; null when none.
   */
  default ToolCall forcedTool(JsonNode body) {
    return null;
  }

  /** The complete (non-streaming) answer of a {@code 200}. */
  ByteBuf body(ByteBufAllocator alloc, ChatCall call);

  /** The events of a streamed answer; only called when {@link RequestFacts#stream()} is true. */
  default StreamEvents stream(ChatCall call) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not stream");
  }

  /** Content type of a streamed answer. */
  default CharSequence streamContentType() {
    return "text/event-stream";
  }

  /** Content type of JSON answers and errors. */
  default CharSequence jsonContentType() {
    return HttpHeaderValues.APPLICATION_JSON;
  }

  /** The provider's error body for an injected error status ({@code status} knob). */
  byte[] errorBody(int status);

  /** The provider's error body for a request it rejects with {@code status} (400, 404, 413). */
  byte[] invalidRequest(int status, String message, String param);
}
