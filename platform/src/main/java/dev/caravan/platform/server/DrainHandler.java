package dev.caravan.platform.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Counts this connection's requests in flight for the {@link ShutdownDrain}: from the request's
 * head read to its answer's last byte written. While draining, an answer carries
 * {@code Connection: close} and the connection closes once it is written, so a keep-alive client
 * opens its next request on a new connection (refused, or another node's).
 */
final class DrainHandler extends ChannelDuplexHandler {

    private final ShutdownDrain drain;
    private int pending; // confined to the connection's event loop

    DrainHandler(ShutdownDrain drain) {
        this.drain = drain;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
            pending++;
            drain.requestStarted();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        boolean interim = msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (msg instanceof HttpResponse response && !interim && drain.draining()) {
            HttpUtil.setKeepAlive(response, false);
        }
        if (msg instanceof LastHttpContent && !interim) {
            ChannelPromise written = promise.unvoid();
            written.addListener(f -> {
                answered();
                if (drain.draining()) {
                    ctx.channel().close();
                }
            });
            ctx.write(msg, written);
            return;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        while (pending > 0) {
            answered();
        }
        ctx.fireChannelInactive();
    }

    private void answered() {
        if (pending > 0) {
            pending--;
            drain.requestEnded();
        }
    }
}
