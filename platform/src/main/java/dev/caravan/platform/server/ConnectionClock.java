package dev.caravan.platform.server;

import dev.caravan.platform.config.WireLimits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The connection's one timer, first in the pipeline so it sees the first raw byte of a request.
 * A request head must arrive within {@code server.header_timeout_ms} (from the connection's
 * opening, or from a kept-alive request's first byte), its body within {@code server.body_timeout_ms}
 * after the head, and a connection with neither a request nor a response in progress lives
 * {@code server.idle_timeout_ms}. While the gateway works on a request or writes its answer (an SSE
 * stream to a slow reader included) no timer runs: upstream timeouts bound that time.
 * All calls happen on the channel's event loop.
 */
final class ConnectionClock extends ChannelDuplexHandler {

    private enum Phase { HEAD, BODY, PROCESSING, IDLE }

    private final WireLimits limits;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.HEAD;
    private String path;
    private ScheduledFuture<?> timer;

    ConnectionClock(WireLimits limits) {
        this.limits = limits;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        enter(Phase.HEAD, limits.headerTimeout());
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (phase == Phase.IDLE && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            enter(Phase.HEAD, limits.headerTimeout());
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    /** The head of a request for {@code path} was decoded; {@code whole} when it has no body to wait for. */
    void headRead(String path, boolean whole) {
        this.path = path;
        if (whole) {
            enter(Phase.PROCESSING, null);
        } else {
            enter(Phase.BODY, limits.bodyTimeout());
        }
    }

    void bodyRead() {
        enter(Phase.PROCESSING, null);
    }

    /** The last byte of an answer was written: the connection waits for its next request. */
    void responseEnded() {
        if (phase == Phase.PROCESSING) {
            enter(Phase.IDLE, limits.idleTimeout());
        }
    }

    private void enter(Phase next, Duration timeout) {
        cancel();
        phase = next;
        if (timeout != null && ctx != null) {
            timer = ctx.executor().schedule(this::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void expire() {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        switch (phase) {
            case HEAD -> WireErrors.refuse(ctx.channel(), 408, "request_timeout", null,
                    "The request head did not arrive within " + limits.headerTimeout().toMillis() + " ms (server.header_timeout_ms).");
            case BODY -> WireErrors.refuse(ctx.channel(), 408, "request_timeout", path,
                    "The request body did not arrive within " + limits.bodyTimeout().toMillis() + " ms (server.body_timeout_ms).");
            default -> ctx.close();
        }
        phase = Phase.PROCESSING; // no further timer: the connection is closing
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
