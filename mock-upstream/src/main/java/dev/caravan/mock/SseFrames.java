package dev.caravan.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Encodes JSON answers and SSE frames for the formats rendered with Jackson trees. */
final class SseFrames {
  static final ObjectMapper JSON = new ObjectMapper();

  private SseFrames() {}

  /** {@code event: NAME\ndata: JSON\n\n}, as Anthropic and OpenAI Responses frame events. */
  static byte[] named(String event, JsonNode data) {
    return ("event: " + event + "\ndata: " + json(data) + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  /** {@code data: JSON} and the given event terminator ({@code \n\n}, or Gemini's {@code \r\n\r\n}). */
  static byte[] data(JsonNode data, String terminator) {
    return ("data: " + json(data) + terminator).getBytes(StandardCharsets.UTF_8);
  }

  static String json(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static ByteBuf buffer(ByteBufAllocator alloc, JsonNode node) {
    return buffer(alloc, json(node).getBytes(StandardCharsets.UTF_8));
  }

  static ByteBuf buffer(ByteBufAllocator alloc, byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    ByteBuf buf = alloc.buffer(Math.max(length, 1));
    for (byte[] part : parts) {
      buf.writeBytes(part);
    }
    return buf;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
