package dev.caravan.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * An Anthropic Messages stream: {@code message_start}, {@code content_block_start}, {@code ping},
 * one {@code content_block_delta} per piece ({@code text_delta}, or {@code input_json_delta} for a
 * tool_use block), {@code content_block_stop}, {@code message_delta} (stop reason, output tokens),
 * {@code message_stop}; each framed {@code event: NAME\ndata: JSON\n\n}.
 */
final class AnthropicStream implements StreamEvents {
  private final ChatCall call;

  AnthropicStream(ChatCall call) {
    this.call = call;
  }

  @Override
  public int count() {
    return call.pieces().count();
  }

  @Override
  public ByteBuf open(ByteBufAllocator alloc) {
    ObjectNode message = AnthropicFormat.message(call);
    // As the API does: the input usage up front, output tokens so far (1); the total comes in message_delta.
    message.set("usage", AnthropicFormat.usage(call, 1));
    ObjectNode start = event("message_start");
    start.set("message", message);
    ObjectNode block = call.tool() == null ? AnthropicFormat.textBlock("")
        : AnthropicFormat.toolUseBlock(call).set("input", SseFrames.JSON.createObjectNode());
    ObjectNode blockStart = event("content_block_start").put("index", 0);
    blockStart.set("content_block", block);
    return SseFrames.buffer(alloc, SseFrames.named("message_start", start),
        SseFrames.named("content_block_start", blockStart), SseFrames.named("ping", event("ping")));
  }

  @Override
  public ByteBuf event(ByteBufAllocator alloc, int i) {
    ObjectNode delta = call.tool() == null
        ? SseFrames.JSON.createObjectNode().put("type", "text_delta").put("text", call.pieces().text(i))
        : SseFrames.JSON.createObjectNode().put("type", "input_json_delta").put("partial_json", call.pieces().text(i));
    ObjectNode event = event("content_block_delta").put("index", 0);
    event.set("delta", delta);
    return SseFrames.buffer(alloc, SseFrames.named("content_block_delta", event));
  }

  @Override
  public ByteBuf close(ByteBufAllocator alloc) {
    ObjectNode messageDelta = event("message_delta");
    messageDelta.putObject("delta").put("stop_reason", AnthropicFormat.stopReason(call)).putNull("stop_sequence");
    messageDelta.putObject("usage").put("output_tokens", call.completionTokens());
    return SseFrames.buffer(alloc,
        SseFrames.named("content_block_stop", event("content_block_stop").put("index", 0)),
        SseFrames.named("message_delta", messageDelta),
        SseFrames.named("message_stop", event("message_stop")));
  }

  private static ObjectNode event(String type) {
    return SseFrames.JSON.createObjectNode().put("type", type);
  }
}
