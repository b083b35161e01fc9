package dev.caravan.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayOutputStream;

/**
 * An OpenAI Responses stream, each event framed {@code event: TYPE\ndata: JSON\n\n} and numbered
 * by {@code sequence_number}: {@code response.created}, {@code response.in_progress},
 * {@code response.output_item.added}, {@code response.content_part.added}, one
 * {@code response.output_text.delta} per piece, {@code response.output_text.done},
 * {@code response.content_part.done}, {@code response.output_item.done}, {@code response.completed}.
 * A function call streams {@code response.function_call_arguments.delta} / {@code .done} instead of
 * the content part and text events.
 */
final class ResponsesStream implements StreamEvents {
  private final ChatCall call;
  private final boolean tool;
  /** Sequence number of the first content event: the opening events come before it. */
  private final int firstDelta;

  ResponsesStream(ChatCall call) {
    this.call = call;
    this.tool = call.tool() != null;
    this.firstDelta = tool ? 3 : 4;
  }

  @Override
  public int count() {
    return call.pieces().count();
  }

  @Override
  public ByteBuf open(ByteBufAllocator alloc) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int seq = 0;
    write(out, withResponse(event("response.created", seq++), false));
    write(out, withResponse(event("response.in_progress", seq++), false));
    ObjectNode added = event("response.output_item.added", seq++).put("output_index", 0);
    added.set("item", ResponsesFormat.item(call, false));
    write(out, added);
    if (!tool) {
      write(out, part(event("response.content_part.added", seq), ""));
    }
    return SseFrames.buffer(alloc, out.toByteArray());
  }

  @Override
  public ByteBuf event(ByteBufAllocator alloc, int i) {
    String type = tool ? "response.function_call_arguments.delta" : "response.output_text.delta";
    ObjectNode delta = inItem(event(type, firstDelta + i)).put("delta", call.pieces().text(i));
    if (!tool) {
      delta.putArray("logprobs");
    }
    return SseFrames.buffer(alloc, SseFrames.named(type, delta));
  }

  @Override
  public ByteBuf close(ByteBufAllocator alloc) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int seq = firstDelta + count();
    String whole = call.pieces().text();
    if (tool) {
      // the schema's ResponseFunctionCallArgumentsDoneEvent requires the function's name
      write(out, inItem(event("response.function_call_arguments.done", seq++)).put("name", call.tool().name())
          .put("arguments", whole));
    } else {
      ObjectNode done = inItem(event("response.output_text.done", seq++)).put("text", whole);
      done.putArray("logprobs");
      write(out, done);
      write(out, part(event("response.content_part.done", seq++), whole));
    }
    ObjectNode itemDone = event("response.output_item.done", seq++).put("output_index", 0);
    itemDone.set("item", ResponsesFormat.item(call, true));
    write(out, itemDone);
    write(out, withResponse(event("response.completed", seq), true));
    return SseFrames.buffer(alloc, out.toByteArray());
  }

  private static ObjectNode event(String type, int sequence) {
    return SseFrames.JSON.createObjectNode().put("type", type).put("sequence_number", sequence);
  }

  private ObjectNode withResponse(ObjectNode event, boolean completed) {
    event.set("response", ResponsesFormat.response(call, completed));
    return event;
  }

  private ObjectNode inItem(ObjectNode event) {
    event.put("item_id", ResponsesFormat.itemId(call)).put("output_index", 0);
    if (!tool) {
      event.put("content_index", 0);
    }
    return event;
  }

  private ObjectNode part(ObjectNode event, String text) {
    inItem(event).set("part", ResponsesFormat.textPart(text));
    return event;
  }

  private static void write(ByteArrayOutputStream out, ObjectNode event) {
    out.writeBytes(SseFrames.named(event.get("type").asText(), event));
  }
}
