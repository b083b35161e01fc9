package dev.caravan.platform.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;

/** Tells the {@link ConnectionClock} when the last part of an answer has been written. */
final class ResponseEndWatcher extends ChannelOutboundHandlerAdapter {

    private final ConnectionClock clock;

    ResponseEndWatcher(ConnectionClock clock) {
        this.clock = clock;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof LastHttpContent) {
            ChannelPromise watched = promise.unvoid();
            watched.addListener(f -> {
                if (f.isSuccess()) {
                    clock.responseEnded();
                }
            });
            super.write(ctx, msg, watched);
            return;
        }
        super.write(ctx, msg, promise);
    }
}
