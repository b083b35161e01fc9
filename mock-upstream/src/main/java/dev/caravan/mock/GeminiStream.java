package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * A Gemini {@code streamGenerateContent} answer: one {@code GenerateContentResponse} per text piece
 * (a function call comes whole, in one), then a last one with an empty text part, the finish reason
 * and the usage. With {@code alt=sse} each is {@code data: JSON\r\n\r\n}, as Google frames them;
 * without it they are the elements of one JSON array streamed piece by piece.
 */
final class GeminiStream implements StreamEvents {
  private static final byte[] SEPARATOR = ",\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final String SSE_END = "\r\n\r\n";

  private final ChatCall call;
  private final boolean sse;

  GeminiStream(ChatCall call, boolean sse) {
    this.call = call;
    this.sse = sse;
  }

  @Override
  public int count() {
    return call.tool() == null ? call.pieces().count() : 1;
  }

  @Override
  public ByteBuf open(ByteBufAllocator alloc) {
    return sse ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(new byte[] {'['});
  }

  @Override
  public ByteBuf event(ByteBufAllocator alloc, int i) {
    var part = call.tool() == null ? GeminiFormat.text(call.pieces().text(i)) : GeminiFormat.functionCall(call);
    return frame(alloc, GeminiFormat.response(call, part, false), i == 0);
  }

  @Override
  public ByteBuf close(ByteBufAllocator alloc) {
    ByteBuf last = frame(alloc, GeminiFormat.response(call, GeminiFormat.text(""), true), count() == 0);
    return sse ? last : last.writeByte(']');
  }

  private ByteBuf frame(ByteBufAllocator alloc, JsonNode response, boolean first) {
    if (sse) {
      return SseFrames.buffer(alloc, SseFrames.data(response, SSE_END));
    }
    byte[] json = SseFrames.json(response).getBytes(StandardCharsets.UTF_8);
    return first ? SseFrames.buffer(alloc, json) : SseFrames.buffer(alloc, SEPARATOR, json);
  }
}
