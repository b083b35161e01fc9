package dev.caravan.mock;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpVersion;

/** Answers at once with a constant JSON body (model list, error bodies). */
final class FixedExchange implements Exchange {
  private final ChannelHandlerContext ctx;
  private final ConnectionHandler connection;
  private final HttpVersion version;
  private final boolean keepAlive;
  private final int status;
  private final byte[] body;

  FixedExchange(ChannelHandlerContext ctx, ConnectionHandler connection, HttpVersion version,
      boolean keepAlive, int status, byte[] body) {
    this.ctx = ctx;
    this.connection = connection;
    this.version = version;
    this.keepAlive = keepAlive;
    this.status = status;
    this.body = body;
  }

  @Override
  public void start() {
    connection.finish(ctx.writeAndFlush(
        Responses.json(version, status, Unpooled.wrappedBuffer(body), keepAlive)), keepAlive);
  }

  @Override
  public void abort() {}
}
