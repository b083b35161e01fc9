package dev.caravan.platform.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import java.io.ByteArrayInputStream;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.component.netty.http.OutboundStreamHttpResponse;

/**
 * A streamed (SSE) response that never blocks a Netty I/O thread. Camel's netty-http writes it
 * through the pipeline's chunked-write handler, which pulls {@link #readChunk}; when no chunk is
 * ready we return null and the handler waits until {@link #offer} or {@link #finish} resumes it.
 * The handler only pulls while the client channel is writable, and each pull tells the producer
 * it may fetch more: that is the back-pressure from a slow client to the upstream.
 */
public final class SseResponse extends OutboundStreamHttpResponse {

    private static final String STREAMER = "outbound-streamer";

    private final Queue<ByteBuf> chunks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean closedEarlyReported = new AtomicBoolean();
    private final ChannelHandlerContext ctx;
    private final boolean closeWhenDone;
    private volatile boolean sourceDone;
    private volatile boolean lastHandedOut;
    private volatile boolean closed;
    private volatile Runnable onDrained = () -> {};
    private volatile Runnable onFirstPull; // null until a producer waits for it
    private final AtomicBoolean pulled = new AtomicBoolean();
    private volatile Runnable onClosedEarly; // null until the producer registers
    private final GenericFutureListener<Future<? super Void>> channelClosed = f -> reportClosedEarly();
    private volatile long progress; // read by the relay when the client closes

    public SseResponse(ChannelHandlerContext ctx, boolean keepAlive) {
        super(new ByteArrayInputStream(new byte[0]), new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        this.ctx = ctx;
        this.closeWhenDone = !keepAlive;
        headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    }

    /**
     * Called once, on the I/O thread, when the client side first asks for a chunk: the response's
     * head is being written, so the route that built it has completed. Register before the
     * response is handed to Camel.
     */
    public void onFirstPull(Runnable callback) {
        this.onFirstPull = callback;
    }

    /** Called by the producer each time the client took a chunk, so it may fetch more. */
    public void onDrained(Runnable callback) {
        this.onDrained = callback;
    }

    /**
     * Called once if the client went away before the last chunk was sent. The listener on the
     * channel's close is removed when the stream ends: on a keep-alive connection it would
     * otherwise keep every finished stream (and its relay) reachable until the connection closes.
     */
    public void onClosedEarly(Runnable callback) {
        this.onClosedEarly = callback;
        ctx.channel().closeFuture().addListener(channelClosed);
        if (lastHandedOut || closed) {
            stopWatchingChannel(); // ended before we registered
        }
    }

    public int queued() {
        return queued.get();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Queues a chunk for the client; takes ownership of {@code chunk}. */
    public void offer(ByteBuf chunk) {
        if (closed) {
            chunk.release();
            return;
        }
        chunks.add(chunk);
        queued.incrementAndGet();
        if (closed) {
            releaseQueued();
        }
        wake();
    }

    /** No more chunks will come: the client gets the end of the chunked body. */
    public void finish() {
        sourceDone = true;
        wake();
    }

    private void wake() {
        ChunkedWriteHandler streamer = (ChunkedWriteHandler) ctx.pipeline().get(STREAMER);
        if (streamer != null) {
            streamer.resumeTransfer();
        }
    }

    @Override
    public HttpContent readChunk(ByteBufAllocator allocator) {
        if (!pulled.get() && pulled.compareAndSet(false, true)) {
            Runnable first = onFirstPull;
            if (first != null) {
                first.run();
            }
        }
        boolean done = sourceDone;
        ByteBuf chunk = chunks.poll();
        if (chunk != null) {
            queued.decrementAndGet();
            progress += chunk.readableBytes();
            onDrained.run();
            return new DefaultHttpContent(chunk);
        }
        if (done && !lastHandedOut) {
            lastHandedOut = true;
            stopWatchingChannel();
            if (closeWhenDone) {
                ctx.executor().execute(() ->
                        ctx.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE));
            }
            return LastHttpContent.EMPTY_LAST_CONTENT;
        }
        return null;
    }

    @Override
    @Deprecated
    public HttpContent readChunk(ChannelHandlerContext context) {
        return readChunk(context.alloc());
    }

    @Override
    public boolean isEndOfInput() {
        return lastHandedOut;
    }

    @Override
    public void close() {
        closed = true;
        releaseQueued();
        reportClosedEarly();
        stopWatchingChannel();
    }

    private void stopWatchingChannel() {
        ctx.channel().closeFuture().removeListener(channelClosed);
    }

    /** Both the channel closing and the chunked writer closing this input report it: only the first counts. */
    private void reportClosedEarly() {
        Runnable callback = onClosedEarly;
        if (callback != null && !lastHandedOut && closedEarlyReported.compareAndSet(false, true)) {
            callback.run();
        }
    }

    private void releaseQueued() {
        ByteBuf chunk;
        while ((chunk = chunks.poll()) != null) {
            queued.decrementAndGet();
            chunk.release();
        }
    }

    @Override
    public long length() {
        return -1;
    }

    @Override
    public long progress() {
        return progress;
    }
}
