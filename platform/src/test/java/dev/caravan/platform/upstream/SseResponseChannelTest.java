package dev.caravan.platform.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.component.netty.http.handlers.HttpOutboundStreamHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The streamed response written through a channel whose chunked writer is the one camel-netty-http
 * installs as {@code outbound-streamer}: what reaches the client, in which order, and when the
 * connection closes.
 */
class SseResponseChannelTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ChannelHandlerContext ctx;

    SseResponseChannelTest() {
        channel.pipeline().addLast("outbound-streamer", new HttpOutboundStreamHandler());
        ctx = channel.pipeline().context("outbound-streamer");
    }

    @AfterEach
    void releaseEverything() {
        channel.finishAndReleaseAll();
    }

    private static ByteBuf text(String value) {
        return Unpooled.copiedBuffer(value, StandardCharsets.UTF_8);
    }

    /** Every message written towards the client so far, in order; contents copied out and released. */
    private List<Object> written() {
        List<Object> out = new ArrayList<>();
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            if (message instanceof LastHttpContent || message instanceof HttpResponse) {
                out.add(message);
            } else if (message instanceof HttpContent content) {
                out.add(content.content().toString(StandardCharsets.UTF_8));
            } else {
                out.add(message);
            }
            ReferenceCountUtil.release(message);
        }
        return out;
    }

    @Test
    void should_write_head_then_chunks_in_order_then_last_content_when_finished() {
        SseResponse response = new SseResponse(ctx, true);
        channel.writeAndFlush(response);
        response.offer(text("data: 1\n\n"));
        response.offer(text("data: 2\n\n"));
        response.finish();
        channel.runPendingTasks();

        List<Object> written = written();

        assertEquals(4, written.size(), written.toString());
        HttpResponse head = assertInstanceOf(HttpResponse.class, written.get(0));
        assertEquals("text/event-stream; charset=utf-8", head.headers().get("content-type"));
        assertEquals("data: 1\n\n", written.get(1));
        assertEquals("data: 2\n\n", written.get(2));
        assertSame(LastHttpContent.EMPTY_LAST_CONTENT, written.get(3));
    }

    @Test
    void should_send_each_chunk_when_offered_while_client_waits() {
        SseResponse response = new SseResponse(ctx, true);
        channel.writeAndFlush(response);
        written(); // the head

        response.offer(text("data: a\n\n"));
        assertEquals(List.of("data: a\n\n"), written());

        response.offer(text("data: b\n\n"));
        assertEquals(List.of("data: b\n\n"), written());
    }

    @Test
    void should_close_channel_after_last_content_when_not_keep_alive() {
        SseResponse response = new SseResponse(ctx, false);
        channel.writeAndFlush(response);
        response.offer(text("data: x\n\n"));
        response.finish();
        channel.runPendingTasks();

        assertFalse(channel.isOpen());
        List<Object> written = written();
        assertEquals("close", ((HttpResponse) written.get(0)).headers().get("connection"));
        assertEquals("data: x\n\n", written.get(1));
        assertSame(LastHttpContent.EMPTY_LAST_CONTENT, written.get(2));
    }

    @Test
    void should_keep_channel_open_after_last_content_when_keep_alive() {
        SseResponse response = new SseResponse(ctx, true);
        channel.writeAndFlush(response);
        response.finish();
        channel.runPendingTasks();

        assertTrue(channel.isOpen());
        List<Object> written = written();
        assertSame(LastHttpContent.EMPTY_LAST_CONTENT, written.get(written.size() - 1));
    }

    @Test
    void should_have_chunked_writer_close_the_input_without_early_close_when_last_content_written() {
        SseResponse response = new SseResponse(ctx, true);
        AtomicInteger closedEarly = new AtomicInteger();
        response.onClosedEarly(closedEarly::incrementAndGet);
        channel.writeAndFlush(response);

        response.finish();
        channel.runPendingTasks();
        channel.close();

        assertTrue(response.isEndOfInput());
        assertTrue(response.isClosed());
        assertEquals(0, closedEarly.get());
    }

    @Test
    void should_stop_pulling_chunks_when_client_is_not_writable() {
        SseResponse response = new SseResponse(ctx, true);
        channel.writeAndFlush(response);
        written();
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);

        response.offer(text("data: waits\n\n"));

        assertEquals(1, response.queued());
        assertNull(channel.readOutbound());
    }

    @Test
    void should_release_queued_chunks_and_report_once_when_client_disconnects() {
        SseResponse response = new SseResponse(ctx, true);
        AtomicInteger closedEarly = new AtomicInteger();
        response.onClosedEarly(closedEarly::incrementAndGet);
        channel.writeAndFlush(response);
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false); // a slow client
        ByteBuf pending = text("data: never sent\n\n");
        response.offer(pending);

        channel.close();

        assertEquals(1, closedEarly.get());
        assertEquals(0, pending.refCnt());
        assertEquals(0, response.queued());
    }

    @Test
    void should_let_finished_stream_be_collected_when_keep_alive_connection_stays_open() throws InterruptedException {
        WeakReference<SseResponse> finished = streamOneResponse();

        dev.caravan.platform.it.Poll.until(() -> {
            System.gc();
            return finished.get() == null;
        }, collected -> collected, java.time.Duration.ofSeconds(10), () -> "the open connection still holds the finished stream");

        assertTrue(channel.isOpen());
        assertNull(finished.get(), "the open connection still holds the finished stream");
    }

    /** One whole stream on the kept-alive channel, with a close listener registered as the relay does. */
    private WeakReference<SseResponse> streamOneResponse() {
        SseResponse response = new SseResponse(ctx, true);
        response.onClosedEarly(() -> { });
        channel.writeAndFlush(response);
        response.offer(text("data: 1\n\n"));
        response.finish();
        channel.runPendingTasks();
        written();
        return new WeakReference<>(response);
    }
}
