package dev.caravan.mock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * An OpenAI {@code chat.completion.chunk} stream: the role chunk, one chunk per piece (content, or
 * the tool call's arguments), then the finish chunk, the usage chunk when asked for, and {@code [DONE]}.
 */
final class OpenAiChatStream implements StreamEvents {
  private final ChatCall call;
  private final byte[] prefix;

  OpenAiChatStream(ChatCall call) {
    this.call = call;
    this.prefix = ChatJson.chunkPrefix(call);
  }

  @Override
  public int count() {
    return call.pieces().count();
  }

  @Override
  public ByteBuf open(ByteBufAllocator alloc) {
    if (call.tool() == null) {
      return ChatJson.roleChunk(alloc, prefix, call.includeUsage());
    }
    ObjectNode delta = SseFrames.JSON.createObjectNode().put("role", "assistant").putNull("content");
    ObjectNode toolCall = delta.putArray("tool_calls").addObject().put("index", 0)
        .put("id", OpenAiChatFormat.toolCallId(call)).put("type", "function");
    toolCall.putObject("function").put("name", call.tool().name()).put("arguments", "");
    return ChatJson.chunk(alloc, prefix, choices(delta), call.includeUsage());
  }

  @Override
  public ByteBuf event(ByteBufAllocator alloc, int i) {
    if (call.tool() == null) {
      return ChatJson.contentChunk(alloc, prefix, call.pieces().piece(i), call.includeUsage());
    }
    ObjectNode delta = SseFrames.JSON.createObjectNode();
    delta.putArray("tool_calls").addObject().put("index", 0)
        .putObject("function").put("arguments", call.pieces().text(i));
    return ChatJson.chunk(alloc, prefix, choices(delta), call.includeUsage());
  }

  @Override
  public ByteBuf close(ByteBufAllocator alloc) {
    return ChatJson.streamEnd(alloc, prefix, call);
  }

  private static byte[] choices(ObjectNode delta) {
    ArrayNode choices = SseFrames.JSON.createArrayNode();
    choices.addObject().put("index", 0).<ObjectNode>set("delta", delta).putNull("logprobs").putNull("finish_reason");
    return SseFrames.json(choices).getBytes(StandardCharsets.UTF_8);
  }
}
