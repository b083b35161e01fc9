package dev.caravan.mock;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpVersion;

/** Answers at once with a constant body (model list, error bodies, control API answers). */
final class FixedExchange implements Exchange {
  private final ChannelHandlerContext ctx;
  private final ConnectionHandler connection;
  private final HttpVersion version;
  private final boolean keepAlive;
  private final int status;
  private final byte[] body;
  private final CharSequence contentType;

  FixedExchange(ChannelHandlerContext ctx, ConnectionHandler connection, HttpVersion version,
      boolean keepAlive, int status, byte[] body) {
    this(ctx, connection, version, keepAlive, status, body, HttpHeaderValues.APPLICATION_JSON);
  }

  FixedExchange(ChannelHandlerContext ctx, ConnectionHandler connection, HttpVersion version,
      boolean keepAlive, int status, byte[] body, CharSequence contentType) {
    this.contentType = contentType;
    this.ctx = ctx;
    this.connection = connection;
    this.version = version;
    this.keepAlive = keepAlive;
    this.status = status;
    this.body = body;
  }

  @Override
  public void start() {
    FullHttpResponse response = Responses.json(version, status, Unpooled.wrappedBuffer(body), keepAlive);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    connection.finish(ctx.writeAndFlush(response), keepAlive);
  }

  @Override
  public void abort() {}
}
