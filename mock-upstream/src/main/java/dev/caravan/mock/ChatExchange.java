package dev.caravan.mock;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Answers one chat completion: waits {@code latency_ms} on an event-loop timer, then resets the
 * connection, sends an error, a JSON completion, or hands over to an {@link SseStream}.
 */
final class ChatExchange implements Exchange {
  private final ChannelHandlerContext ctx;
  private final ConnectionHandler connection;
  private final MockStats stats;
  private final ChatCall call;
  private final HttpVersion version;
  private final boolean keepAlive;
  private ScheduledFuture<?> latency;
  private SseStream stream;
  /** True from the start of an exchange that answers with SSE until its stream ends. */
  private boolean streamOpen;

  ChatExchange(ChannelHandlerContext ctx, ConnectionHandler connection, MockStats stats, ChatCall call,
      HttpVersion version, boolean keepAlive) {
    this.ctx = ctx;
    this.connection = connection;
    this.stats = stats;
    this.call = call;
    this.version = version;
    this.keepAlive = keepAlive;
  }

  @Override
  public void start() {
    if (call.answersWithStream()) {
      streamOpen = true;
      stats.streamOpened();
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
      // Linger 0 makes the close a TCP reset, as when an upstream or proxy drops a connection.
      ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
      ctx.close();
    } else if (behavior.status() != 200) {
      byte[] body = behavior.errorBody().isEmpty() ? OpenAiErrors.forStatus(behavior.status())
          : behavior.errorBody().getBytes(StandardCharsets.UTF_8);
      send(Responses.json(version, behavior.status(), Unpooled.wrappedBuffer(body), keepAlive));
    } else if (!call.stream()) {
      send(Responses.json(version, 200, ChatJson.completion(ctx.alloc(), call), keepAlive));
    } else {
      stream = new SseStream(ctx, this, call);
      stream.start(withRetryAfter(Responses.eventStream(version, keepAlive)));
    }
  }

  private void send(FullHttpResponse response) {
    connection.finish(ctx.writeAndFlush(withRetryAfter(response)), keepAlive);
  }

  private <R extends HttpResponse> R withRetryAfter(R response) {
    if (!call.behavior().retryAfter().isEmpty()) {
      response.headers().set(HttpHeaderNames.RETRY_AFTER, call.behavior().retryAfter());
    }
    return response;
  }

  /**
   * The stream is about to write its last bytes. Counted before writing them, so that a client
   * that has read the whole stream never sees it still counted as open.
   */
  void streamEnding() {
    endStream(false);
  }

  /** The stream wrote its last bytes. */
  void streamCompleted(ChannelFuture lastWrite) {
    connection.finish(lastWrite, keepAlive && version.equals(HttpVersion.HTTP_1_1));
  }

  /** The stream sent what {@code truncate_after} allows; end the body abruptly. */
  void streamTruncated() {
    // Close only once every chunk is on the wire, so the client sees all of them and then EOF.
    ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
  }

  @Override
  public void abort() {
    if (latency != null) {
      latency.cancel(false);
      latency = null;
    }
    if (stream != null) {
      stream.cancel();
    }
    endStream(true);
  }

  @Override
  public void writable() {
    if (stream != null) {
      stream.writable();
    }
  }

  private void endStream(boolean cancelledByClient) {
    if (streamOpen) {
      streamOpen = false;
      stats.streamEnded(cancelledByClient);
    }
  }
}
