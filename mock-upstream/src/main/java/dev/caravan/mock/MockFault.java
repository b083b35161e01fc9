package dev.caravan.mock;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code fault} knob: an answer of a provider gone wrong, for testing what a gateway does with
 * it. The huge and endless bodies are generated piece by piece as the socket takes them (written
 * only while the channel is writable), so the mock holds a few KiB whatever their size.
 *
 * <ul>
 *   <li>{@code huge_json}: a 200 chat completion of {@code fault_bytes} bytes with its Content-Length;
 *   <li>{@code huge_json_chunked}: the same, chunked (no length announced);
 *   <li>{@code endless_sse}: a 200 {@code text/event-stream} of chat chunks that never ends, even to a
 *       non-streaming request;
 *   <li>{@code huge_sse_event}: a chat stream whose second event is {@code fault_bytes} long;
 *   <li>{@code truncated_json}: the normal JSON answer cut in half, its Content-Length saying so;
 *   <li>{@code malformed_sse}: a chat stream whose second event's data is not JSON, then the rest.
 * </ul>
 */
final class MockFault {

  static final List<String> NAMES = List.of("huge_json", "huge_json_chunked", "endless_sse", "huge_sse_event",
      "truncated_json", "malformed_sse");

  private static final int PIECE = 16 * 1024;
  private static final byte[] JSON_HEAD = ("{\"id\":\"chatcmpl-mock-huge\",\"object\":\"chat.completion\","
      + "\"created\":1700000000,\"model\":\"mock\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
      + "\"content\":\"").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] JSON_TAIL = ("\"},\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ROLE_EVENT = chunk("{\"role\":\"assistant\",\"content\":\"\"}");
  private static final byte[] CONTENT_EVENT = chunk("{\"content\":\"" + "x".repeat(64) + "\"}");
  private static final byte[] FINISH = ("data: {\"id\":\"chatcmpl-mock-fault\",\"object\":\"chat.completion.chunk\","
      + "\"created\":1700000000,\"model\":\"mock\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
      + "data: [DONE]\n\n").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BROKEN_EVENT = "data: {\"id\":\"chatcmpl-mock-fault\",\"choices\":[{\"delta\":\n\n"
      .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HUGE_EVENT_HEAD = ("data: {\"id\":\"chatcmpl-mock-fault\",\"object\":\"chat.completion.chunk\","
      + "\"created\":1700000000,\"model\":\"mock\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
      .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HUGE_EVENT_TAIL = "\"}}]}\n\n".getBytes(StandardCharsets.US_ASCII);

  private final ChannelHandlerContext ctx;
  private final ChatExchange owner;
  private final Body body;
  private final boolean keepAlive;
  private boolean cancelled;
  private boolean waitingForWritable;

  private MockFault(ChannelHandlerContext ctx, ChatExchange owner, Body body, boolean keepAlive) {
    this.ctx = ctx;
    this.owner = owner;
    this.body = body;
    this.keepAlive = keepAlive;
  }

  /** Starts the fault's answer on the channel's event loop; {@code normalJson} is the answer it spoils. */
  static MockFault start(ChannelHandlerContext ctx, ChatExchange owner, ChatCall call, HttpVersion version,
      boolean keepAlive, ByteBuf normalJson) {
    long size = call.behavior().faultBytes();
    String name = call.behavior().fault();
    Body body = switch (name) {
      case "huge_json", "huge_json_chunked" -> new Body(JSON_HEAD, size, JSON_TAIL);
      case "endless_sse" -> new Body(ROLE_EVENT, -1, null);
      case "huge_sse_event" -> new Body(concat(ROLE_EVENT, HUGE_EVENT_HEAD), size, concat(HUGE_EVENT_TAIL, FINISH));
      case "malformed_sse" -> new Body(concat(ROLE_EVENT, BROKEN_EVENT, CONTENT_EVENT, FINISH), 0, null);
      default -> null; // truncated_json
    };
    HttpResponse head = new DefaultHttpResponse(version, HttpResponseStatus.OK);
    boolean sse = name.endsWith("_sse") || name.equals("huge_sse_event");
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, sse ? "text/event-stream" : HttpHeaderValues.APPLICATION_JSON);
    if (body == null) {
      byte[] whole = new byte[normalJson.readableBytes()];
      normalJson.readBytes(whole);
      normalJson.release();
      byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
      head.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, half.length);
      body = new Body(half, 0, null);
    } else {
      normalJson.release();
      if (name.equals("huge_json")) {
        head.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length());
      } else {
        HttpUtil.setTransferEncodingChunked(head, true);
      }
    }
    HttpUtil.setKeepAlive(head, keepAlive);
    MockFault fault = new MockFault(ctx, owner, body, keepAlive);
    ctx.write(head);
    fault.pump();
    return fault;
  }

  /** The socket takes bytes again: go on writing. */
  void writable() {
    if (waitingForWritable && ctx.channel().isWritable()) {
      waitingForWritable = false;
      // Not inline: this is called from inside a flush, which must not re-enter pump().
      ctx.executor().execute(this::pump);
    }
  }

  /** Writes pieces while the socket takes them, then waits for {@link #writable}. */
  private void pump() {
    if (cancelled || body.done()) {
      return;
    }
    while (ctx.channel().isWritable() && !body.done()) {
      ctx.write(new DefaultHttpContent(body.next()));
    }
    if (body.done()) {
      owner.streamEnding();
      ChannelFuture last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      owner.streamCompleted(last);
    } else {
      waitingForWritable = true;
      ctx.flush();
    }
  }

  void cancel() {
    cancelled = true;
  }

  private static byte[] chunk(String delta) {
    return ("data: {\"id\":\"chatcmpl-mock-fault\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        + "\"model\":\"mock\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":null}]}\n\n")
        .getBytes(StandardCharsets.US_ASCII);
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

  /**
   * A body made of a head, filler letters up to {@code size} bytes in all (or, with a size of -1, chat content
   * events without end) and a tail, handed out in pieces of at most 16 KiB.
   */
  private static final class Body {
    private final byte[] head;
    private final long fill;
    private final byte[] tail;
    private int headSent;
    private long filled;
    private int tailSent;

    Body(byte[] head, long size, byte[] tail) {
      this.head = head;
      this.tail = tail == null ? new byte[0] : tail;
      this.fill = size < 0 ? -1 : Math.max(0, size - head.length - this.tail.length);
    }

    long length() {
      return head.length + fill + tail.length;
    }

    boolean done() {
      return fill >= 0 && headSent == head.length && filled == fill && tailSent == tail.length;
    }

    ByteBuf next() {
      if (headSent < head.length) {
        int n = Math.min(PIECE, head.length - headSent);
        ByteBuf piece = Unpooled.wrappedBuffer(head, headSent, n);
        headSent += n;
        return piece;
      }
      if (fill < 0) {
        ByteBuf piece = Unpooled.buffer(PIECE);
        while (piece.writableBytes() >= CONTENT_EVENT.length) {
          piece.writeBytes(CONTENT_EVENT);
        }
        return piece;
      }
      if (filled < fill) {
        int n = (int) Math.min(PIECE, fill - filled);
        ByteBuf piece = Unpooled.buffer(n);
        piece.writerIndex(n);
        piece.setBytes(0, FILL, 0, n);
        filled += n;
        return piece;
      }
      int n = Math.min(PIECE, tail.length - tailSent);
      ByteBuf piece = Unpooled.wrappedBuffer(tail, tailSent, n);
      tailSent += n;
      return piece;
    }
  }

  private static final byte[] FILL = "a".repeat(PIECE).getBytes(StandardCharsets.US_ASCII);
}
