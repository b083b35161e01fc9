package dev.caravan.mock;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;

/** HTTP/1.x codec, a bounded body aggregator, then the per-connection handler. */
final class MockChannelInitializer extends ChannelInitializer<SocketChannel> {
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final ChatCallFactory calls;
  private final MockStats stats;
  private final ControlEndpoints control;
  private final FixtureFiles fixtures;

  MockChannelInitializer(ChatCallFactory calls, MockStats stats, ControlEndpoints control, FixtureFiles fixtures) {
    this.calls = calls;
    this.stats = stats;
    this.control = control;
    this.fixtures = fixtures;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    stats.connectionAccepted();
    ch.pipeline()
        .addLast("http", new HttpServerCodec())
        .addLast("aggregator", new BodyLimit())
        .addLast("mock", new ConnectionHandler(calls, stats, control, fixtures));
  }

  /** Answers an oversized body with the error body of the path's API (Netty's default 413 has none). */
  private static final class BodyLimit extends HttpObjectAggregator {
    BodyLimit() {
      super(MAX_BODY_BYTES);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized)
        throws Exception {
      if (!(oversized instanceof HttpRequest)) {
        super.handleOversizedMessage(ctx, oversized);
        return;
      }
      // The rest of the body may still be arriving: the connection cannot be reused.
      String uri = ((HttpRequest) oversized).uri();
      int query = uri.indexOf('?');
      String path = query < 0 ? uri : uri.substring(0, query);
      ApiRoutes.Route route = ApiRoutes.find(HttpMethod.POST, path, uri);
      String message = "The request body exceeds the mock upstream limit of " + MAX_BODY_BYTES + " bytes.";
      byte[] body = route != null ? route.format().invalidRequest(413, message, null)
          : OpenAiErrors.invalidRequest(message, null);
      ctx.writeAndFlush(Responses.json(oversized.protocolVersion(), 413, Unpooled.wrappedBuffer(body), false))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }
}
