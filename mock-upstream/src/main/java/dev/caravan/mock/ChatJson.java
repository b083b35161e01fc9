package dev.caravan.mock;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Writes OpenAI chat completion bodies and SSE events from pre-encoded constant parts, so a reply
 * costs one buffer and a few byte copies. Key order follows the API reference.
 */
final class ChatJson {
  private static final byte[] COMPLETION_ID = ascii("{\"id\":\"chatcmpl-mock-");
  private static final byte[] COMPLETION_CREATED = ascii("\",\"object\":\"chat.completion\",\"created\":");
  private static final byte[] MODEL = ascii(",\"model\":");
  private static final byte[] COMPLETION_CONTENT =
      ascii(",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":");
  private static final byte[] COMPLETION_USAGE =
      ascii(",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":");
  private static final byte[] COMPLETION_END = ascii(",\"system_fingerprint\":\"fp_mock\"}");

  private static final byte[] USAGE_PROMPT = ascii("{\"prompt_tokens\":");
  private static final byte[] USAGE_COMPLETION = ascii(",\"completion_tokens\":");
  private static final byte[] USAGE_TOTAL = ascii(",\"total_tokens\":");
  private static final byte[] USAGE_CACHED = ascii(",\"prompt_tokens_details\":{\"cached_tokens\":");
  private static final byte[] USAGE_REASONING = ascii("},\"completion_tokens_details\":{\"reasoning_tokens\":");

  private static final byte[] CHUNK_ID = ascii("data: {\"id\":\"chatcmpl-mock-");
  private static final byte[] CHUNK_CREATED = ascii("\",\"object\":\"chat.completion.chunk\",\"created\":");
  private static final byte[] CHUNK_CHOICES = ascii(",\"system_fingerprint\":\"fp_mock\",\"choices\":");
  private static final byte[] ROLE_CHOICES = ascii(
      "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]");
  private static final byte[] CONTENT_CHOICES_OPEN = ascii("[{\"index\":0,\"delta\":{\"content\":");
  private static final byte[] CONTENT_CHOICES_CLOSE = ascii("},\"logprobs\":null,\"finish_reason\":null}]");
  private static final byte[] FINISH_CHOICES =
      ascii("[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]");
  private static final byte[] FINISH_TOOL_CHOICES =
      ascii("[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}]");
  private static final byte[] USAGE_CHOICES = ascii("[],\"usage\":");
  private static final byte[] EVENT_END = ascii("}\n\n");
  private static final byte[] EVENT_END_NULL_USAGE = ascii(",\"usage\":null}\n\n");
  private static final byte[] DONE = ascii("data: [DONE]\n\n");

  /** Room for the numbers (id, created, three token counts) of one body. */
  private static final int NUMBERS = 5 * 20;

  private ChatJson() {}

  /** The non-streaming {@code chat.completion} body. */
  static ByteBuf completion(ByteBufAllocator alloc, ChatCall call) {
    byte[] content = call.pieces().whole();
    ByteBuf buf = alloc.buffer(COMPLETION_ID.length + COMPLETION_CREATED.length + MODEL.length
        + call.modelJson().length + COMPLETION_CONTENT.length + content.length + COMPLETION_USAGE.length
        + USAGE_PROMPT.length + USAGE_COMPLETION.length + USAGE_TOTAL.length + 1
        + COMPLETION_END.length + NUMBERS);
    buf.writeBytes(COMPLETION_ID);
    writeLong(buf, call.id());
    buf.writeBytes(COMPLETION_CREATED);
    writeLong(buf, call.created());
    buf.writeBytes(MODEL).writeBytes(call.modelJson());
    buf.writeBytes(COMPLETION_CONTENT).writeBytes(content).writeBytes(COMPLETION_USAGE);
    writeUsage(buf, call);
    return buf.writeBytes(COMPLETION_END);
  }

  /** What every chunk of one stream starts with: {@code data: {"id":...,"choices":}. */
  static byte[] chunkPrefix(ChatCall call) {
    byte[] id = Long.toString(call.id()).getBytes(StandardCharsets.US_ASCII);
    byte[] created = Long.toString(call.created()).getBytes(StandardCharsets.US_ASCII);
    return concat(CHUNK_ID, id, CHUNK_CREATED, created, MODEL, call.modelJson(), CHUNK_CHOICES);
  }

  static ByteBuf roleChunk(ByteBufAllocator alloc, byte[] prefix, boolean includeUsage) {
    ByteBuf buf = alloc.buffer(prefix.length + ROLE_CHOICES.length + EVENT_END_NULL_USAGE.length);
    return buf.writeBytes(prefix).writeBytes(ROLE_CHOICES).writeBytes(eventEnd(includeUsage));
  }

  static ByteBuf contentChunk(ByteBufAllocator alloc, byte[] prefix, byte[] piece, boolean includeUsage) {
    ByteBuf buf = alloc.buffer(prefix.length + CONTENT_CHOICES_OPEN.length + piece.length
        + CONTENT_CHOICES_CLOSE.length + EVENT_END_NULL_USAGE.length);
    buf.writeBytes(prefix).writeBytes(CONTENT_CHOICES_OPEN).writeBytes(piece);
    return buf.writeBytes(CONTENT_CHOICES_CLOSE).writeBytes(eventEnd(includeUsage));
  }

  /** A chunk whose {@code choices} array is given as JSON bytes (tool call deltas). */
  static ByteBuf chunk(ByteBufAllocator alloc, byte[] prefix, byte[] choices, boolean includeUsage) {
    ByteBuf buf = alloc.buffer(prefix.length + choices.length + EVENT_END_NULL_USAGE.length);
    return buf.writeBytes(prefix).writeBytes(choices).writeBytes(eventEnd(includeUsage));
  }

  /** The finish chunk, the usage chunk when asked for, and {@code data: [DONE]}. */
  static ByteBuf streamEnd(ByteBufAllocator alloc, byte[] prefix, ChatCall call) {
    ByteBuf buf = alloc.buffer(2 * prefix.length + FINISH_CHOICES.length + EVENT_END_NULL_USAGE.length
        + USAGE_CHOICES.length + USAGE_PROMPT.length + USAGE_COMPLETION.length + USAGE_TOTAL.length
        + EVENT_END.length + DONE.length + 1 + NUMBERS);
    buf.writeBytes(prefix).writeBytes(call.tool() == null ? FINISH_CHOICES : FINISH_TOOL_CHOICES)
        .writeBytes(eventEnd(call.includeUsage()));
    if (call.includeUsage()) {
      buf.writeBytes(prefix).writeBytes(USAGE_CHOICES);
      writeUsage(buf, call);
      buf.writeBytes(EVENT_END);
    }
    return buf.writeBytes(DONE);
  }

  private static byte[] eventEnd(boolean includeUsage) {
    return includeUsage ? EVENT_END_NULL_USAGE : EVENT_END;
  }

  private static void writeUsage(ByteBuf buf, ChatCall call) {
    buf.writeBytes(USAGE_PROMPT);
    writeLong(buf, call.promptTokens());
    buf.writeBytes(USAGE_COMPLETION);
    writeLong(buf, call.completionTokens());
    buf.writeBytes(USAGE_TOTAL);
    writeLong(buf, (long) call.promptTokens() + call.completionTokens());
    if (hasTokenDetails(call)) {
      buf.writeBytes(USAGE_CACHED);
      writeLong(buf, call.behavior().cachedTokens());
      buf.writeBytes(USAGE_REASONING);
      writeLong(buf, call.behavior().reasoningTokens());
      buf.writeByte('}');
    }
    buf.writeByte('}');
  }

  /** Usage carries the details objects only when a test asked for cached or reasoning tokens. */
  static boolean hasTokenDetails(ChatCall call) {
    return call.behavior().cachedTokens() > 0 || call.behavior().reasoningTokens() > 0;
  }

  /** Writes a non-negative number in decimal without creating a String. */
  static void writeLong(ByteBuf buf, long value) {
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    int end = buf.writerIndex() + digits;
    buf.ensureWritable(digits);
    for (int i = end - 1; i >= end - digits; i--) {
      buf.setByte(i, (int) ('0' + value % 10));
      value /= 10;
    }
    buf.writerIndex(end);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
