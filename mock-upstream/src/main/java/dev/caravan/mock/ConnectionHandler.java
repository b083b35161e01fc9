package dev.caravan.mock;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the requests of one connection and runs their exchanges one at a time, in order.
 * Closing the channel aborts the running exchange, which is how cancelled streams are counted.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
  private static final byte[] MODELS = ("{\"object\":\"list\",\"data\":["
      + "{\"id\":\"gpt-4o-mini\",\"object\":\"model\",\"created\":1721172741,\"owned_by\":\"system\"},"
      + "{\"id\":\"gpt-4o\",\"object\":\"model\",\"created\":1715367049,\"owned_by\":\"system\"},"
      + "{\"id\":\"mock-model\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"caravan\"}]}")
      .getBytes(StandardCharsets.US_ASCII);

  private final ChatCallFactory calls;
  private final MockStats stats;
  private final ControlEndpoints control;
  private final FixtureFiles fixtures;
  private final ArrayDeque<Exchange> pending = new ArrayDeque<>(2);
  private Exchange active;
  private boolean closing;

  ConnectionHandler(ChatCallFactory calls, MockStats stats, ControlEndpoints control, FixtureFiles fixtures) {
    this.calls = calls;
    this.stats = stats;
    this.control = control;
    this.fixtures = fixtures;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    ctx.channel().closeFuture().addListener(f -> closed());
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (closing) {
      return;
    }
    Exchange exchange = route(ctx, request);
    if (active == null) {
      active = exchange;
      exchange.start();
    } else {
      pending.addLast(exchange);
    }
  }

  private Exchange route(ChannelHandlerContext ctx, FullHttpRequest request) {
    HttpVersion version = request.protocolVersion();
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (request.decoderResult().isFailure()) {
      return new FixedExchange(ctx, this, version, false, 400, OpenAiErrors.invalidRequest(
          "Malformed HTTP request: " + request.decoderResult().cause().getMessage(), null));
    }
    String path = path(request.uri());
    HttpMethod method = request.method();
    ApiRoutes.Route route = ApiRoutes.find(method, path, request.uri());
    if (route != null) {
      try {
        ChatCall call = calls.create(request, route.format(), route.pathModel());
        return new ChatExchange(ctx, this, stats, call, fixtures, version, keepAlive);
      } catch (InvalidRequestException e) {
        return new FixedExchange(ctx, this, version, keepAlive, 400,
            route.format().invalidRequest(400, e.getMessage(), e.param()));
      }
    }
    if (path.startsWith(ControlEndpoints.PREFIX)) {
      ControlEndpoints.Answer answer = control.handle(request, path);
      if (answer != null) {
        return new FixedExchange(ctx, this, version, keepAlive, answer.status(), answer.body(), answer.contentType());
      }
    }
    if ((path.equals("/v1/models") || path.equals("/models")) && HttpMethod.GET.equals(method)) {
      return new FixedExchange(ctx, this, version, keepAlive, 200, MODELS);
    }
    return notFound(ctx, version, keepAlive, method, path);
  }

  private Exchange notFound(ChannelHandlerContext ctx, HttpVersion version, boolean keepAlive,
      HttpMethod method, String path) {
    String message = "Unknown request URL: " + method + " " + path + ". Please check the URL for typos.";
    return new FixedExchange(ctx, this, version, keepAlive, 404, ApiRoutes.isGemini(path)
        ? GeminiErrors.body(404, message)
        : OpenAiErrors.body(message, "invalid_request_error", null, "unknown_url"));
  }

  /**
   * Called by the running exchange once its last write is issued: closes the connection when it
   * may not be reused, otherwise starts the next pipelined exchange.
   */
  void finish(ChannelFuture lastWrite, boolean keepAlive) {
    active = null;
    if (!keepAlive) {
      closing = true;
      pending.clear();
      lastWrite.addListener(ChannelFutureListener.CLOSE);
      return;
    }
    Exchange next = pending.pollFirst();
    if (next != null) {
      active = next;
      next.start();
    }
  }

  private void closed() {
    closing = true;
    pending.clear();
    if (active != null) {
      Exchange aborted = active;
      active = null;
      aborted.abort();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (active != null && ctx.channel().isWritable()) {
      active.writable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      LOG.debug("mock upstream connection {} failed: {}", ctx.channel(), cause.toString());
    } else {
      LOG.warn("mock upstream connection {} failed", ctx.channel(), cause);
    }
    ctx.close();
  }

  private static String path(String uri) {
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }
}
