package dev.caravan.mock;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Answers one API request of any {@link WireFormat}: waits {@code latency_ms} on an event-loop
 * timer, then resets the connection, sends an error, a JSON answer, a replayed fixture, or hands
 * over to an {@link SseStream}. With {@code hang} it holds nothing but its gauges until the client leaves.
 */
final class ChatExchange implements Exchange {
  private final ChannelHandlerContext ctx;
  private final ConnectionHandler connection;
  private final MockStats stats;
  private final ChatCall call;
  private final FixtureFiles fixtures;
  private final HttpVersion version;
  private final boolean keepAlive;
  private ScheduledFuture<?> latency;
  private SseStream stream;
  private MockFault fault;
  /** True from the start of the exchange until its last bytes are written or it is aborted. */
  private boolean requestOpen;
  /** True from the start of an exchange that answers with SSE (or hangs) until its stream ends. */
  private boolean streamOpen;

  private boolean aborted;

  ChatExchange(ChannelHandlerContext ctx, ConnectionHandler connection, MockStats stats, ChatCall call,
      FixtureFiles fixtures, HttpVersion version, boolean keepAlive) {
    this.ctx = ctx;
    this.connection = connection;
    this.stats = stats;
    this.call = call;
    this.fixtures = fixtures;
    this.version = version;
    this.keepAlive = keepAlive;
  }

  @Override
  public void start() {
    requestOpen = true;
    stats.requestOpened();
    if (call.countsAsStream()) {
      streamOpen = true;
      stats.streamOpened();
    }
    if (call.behavior().hang()) {
      // Never answers: no timer, no buffer. The channel closing calls abort(), which ends the gauges.
      return;
    }
    long delay = call.behavior().latencyMs();
    if (delay > 0) {
      latency = ctx.executor().schedule(this::respond, delay, TimeUnit.MILLISECONDS);
    } else {
      respond();
    }
  }

  private void respond() {
    latency = null;
    MockBehavior behavior = call.behavior();
    if (behavior.reset()) {
      endRequest();
      resetConnection();
    } else if (!behavior.replay().isEmpty()) {
      // The file is read off the event loop; the answer continues on it.
      fixtures.read(behavior.replay()).whenComplete((file, failure) -> ctx.executor().execute(() -> {
        if (!aborted) {
          replay(file, failure);
        }
      }));
    } else if (!behavior.fault().isEmpty() && behavior.status() == 200) {
      fault = MockFault.start(ctx, this, call, version, keepAlive, call.format().body(ctx.alloc(), call));
    } else if (behavior.status() != 200) {
      byte[] body = behavior.errorBody().isEmpty() ? call.format().errorBody(behavior.status())
          : behavior.errorBody().getBytes(StandardCharsets.UTF_8);
      send(Responses.json(version, behavior.status(), Unpooled.wrappedBuffer(body), keepAlive));
    } else if (!call.stream()) {
      answer(call.format().body(ctx.alloc(), call));
    } else {
      startStream(call.format().stream(call), call.format().streamContentType());
    }
  }

  /** Answers a recorded fixture verbatim: an SSE file as a paced stream, anything else as the body. */
  private void replay(byte[] file, Throwable failure) {
    if (failure != null) {
      Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
      String message = cause instanceof InvalidRequestException e ? e.getMessage() : cause.toString();
      send(Responses.json(version, 400, Unpooled.wrappedBuffer(
          call.format().invalidRequest(400, message, "mock.replay")), keepAlive));
    } else if (call.behavior().status() != 200) {
      send(Responses.json(version, call.behavior().status(), Unpooled.wrappedBuffer(file), keepAlive));
    } else if (ReplayEvents.isEventStream(file)) {
      startStream(ReplayEvents.of(file), "text/event-stream");
    } else {
      answer(Unpooled.wrappedBuffer(file));
    }
  }

  private void answer(ByteBuf body) {
    if (call.behavior().resetAfter() == MockBehavior.OFF) {
      send(Responses.json(version, 200, body, keepAlive));
    } else {
      sendPartAndReset(body, call.behavior().resetAfter());
    }
  }

  private void startStream(StreamEvents events, CharSequence contentType) {
    stream = new SseStream(ctx, this, call, events);
    stream.start(withRetryAfter(Responses.stream(version, keepAlive, contentType)));
  }

  private void send(FullHttpResponse response) {
    endRequest();
    connection.finish(ctx.writeAndFlush(withRetryAfter(response)), keepAlive);
  }

  /** The head (announcing the whole body) and the first bytes of the body, then a TCP reset. */
  private void sendPartAndReset(ByteBuf body, int bytes) {
    int length = body.readableBytes();
    body.writerIndex(body.readerIndex() + Math.min(bytes, Math.max(0, length - 1)));
    endRequest();
    ctx.write(withRetryAfter(Responses.jsonHead(version, 200, length, keepAlive)));
    ctx.writeAndFlush(new DefaultHttpContent(body)).addListener(f -> resetConnection());
  }

  private <R extends HttpResponse> R withRetryAfter(R response) {
    if (!call.behavior().retryAfter().isEmpty()) {
      response.headers().set(HttpHeaderNames.RETRY_AFTER, call.behavior().retryAfter());
    }
    return response;
  }

  /** Linger 0 makes the close a TCP reset, as when an upstream or proxy drops a connection. */
  private void resetConnection() {
    ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
    ctx.close();
  }

  /**
   * The stream is about to write its last bytes. Counted before writing them, so that a client
   * that has read the whole stream never sees it still counted as open.
   */
  void streamEnding() {
    endStream(false);
    endRequest();
  }

  /** The stream wrote its last bytes. */
  void streamCompleted(ChannelFuture lastWrite) {
    connection.finish(lastWrite, keepAlive && version.equals(HttpVersion.HTTP_1_1));
  }

  /** The stream sent what {@code truncate_after} allows; end the body abruptly (FIN). */
  void streamTruncated() {
    // Close only once every chunk is on the wire, so the client sees all of them and then EOF.
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
  }

  /** The stream sent what {@code reset_after} allows; reset the connection (RST). */
  void streamReset() {
    // Reset only once every chunk has been handed to the socket, so the client can read them first.
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> resetConnection());
  }

  @Override
  public void abort() {
    aborted = true;
    if (latency != null) {
      latency.cancel(false);
      latency = null;
    }
    if (stream != null) {
      stream.cancel();
    }
    if (fault != null) {
      fault.cancel();
    }
    endStream(true);
    endRequest();
  }

  @Override
  public void writable() {
    if (stream != null) {
      stream.writable();
    }
    if (fault != null) {
      fault.writable();
    }
  }

  private void endStream(boolean cancelledByClient) {
    if (streamOpen) {
      streamOpen = false;
      stats.streamEnded(cancelledByClient);
    }
  }

  private void endRequest() {
    if (requestOpen) {
      requestOpen = false;
      stats.requestEnded();
    }
  }
}
