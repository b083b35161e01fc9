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
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The streamed response as Netty's chunked-write handler pulls it, chunk by chunk. */
class SseResponseTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ChannelHandlerContext ctx;
    private final SseResponse response;

    SseResponseTest() {
        channel.pipeline().addLast("outbound-streamer", new ChunkedWriteHandler());
        ctx = channel.pipeline().context("outbound-streamer");
        response = new SseResponse(ctx, true);
    }

    @AfterEach
    void releaseEverything() throws Exception {
        response.close();
        channel.finishAndReleaseAll();
    }

    private static ByteBuf text(String value) {
        return Unpooled.copiedBuffer(value, StandardCharsets.UTF_8);
    }

    /** Reads the next chunk's text and releases it. */
    private String readText() {
        HttpContent chunk = response.readChunk(channel.alloc());
        try {
            return chunk.content().toString(StandardCharsets.UTF_8);
        } finally {
            chunk.release();
        }
    }

    @Test
    void should_return_null_when_no_chunk_queued() {
        assertNull(response.readChunk(channel.alloc()));
    }

    @Test
    void should_return_chunks_in_offer_order() {
        response.offer(text("a"));
        response.offer(text("b"));
        response.offer(text("c"));

        assertEquals("a", readText());
        assertEquals("b", readText());
        assertEquals("c", readText());
        assertNull(response.readChunk(channel.alloc()));
    }

    @Test
    void should_return_last_content_once_when_finished() {
        response.finish();

        assertSame(LastHttpContent.EMPTY_LAST_CONTENT, response.readChunk(channel.alloc()));
        assertNull(response.readChunk(channel.alloc()));
        assertNull(response.readChunk(channel.alloc()));
    }

    @Test
    void should_return_queued_chunks_before_last_content_when_finished_after_offers() {
        response.offer(text("a"));
        response.offer(text("b"));
        response.finish();

        assertEquals("a", readText());
        assertEquals("b", readText());
        assertInstanceOf(LastHttpContent.class, response.readChunk(channel.alloc()));
    }

    @Test
    void should_not_be_end_of_input_when_finished_but_last_content_not_read() {
        response.offer(text("a"));
        response.finish();

        assertFalse(response.isEndOfInput());
        readText();
        assertFalse(response.isEndOfInput());
    }

    @Test
    void should_be_end_of_input_when_last_content_read() {
        response.finish();
        response.readChunk(channel.alloc());

        assertTrue(response.isEndOfInput());
    }

    @Test
    void should_release_queued_buffers_when_closed() {
        ByteBuf first = text("a");
        ByteBuf second = text("b");
        response.offer(first);
        response.offer(second);

        response.close();

        assertEquals(0, first.refCnt());
        assertEquals(0, second.refCnt());
        assertEquals(0, response.queued());
        assertTrue(response.isClosed());
    }

    @Test
    void should_release_buffer_when_offered_after_close() {
        response.close();
        ByteBuf late = text("late");

        response.offer(late);

        assertEquals(0, late.refCnt());
        assertEquals(0, response.queued());
        assertNull(response.readChunk(channel.alloc()));
    }

    @Test
    void should_call_on_drained_once_per_chunk_read() {
        AtomicInteger drained = new AtomicInteger();
        response.onDrained(drained::incrementAndGet);
        response.offer(text("a"));
        response.offer(text("b"));

        readText();
        assertEquals(1, drained.get());
        readText();
        assertEquals(2, drained.get());
    }

    @Test
    void should_not_call_on_drained_when_nothing_or_last_content_read() {
        AtomicInteger drained = new AtomicInteger();
        response.onDrained(drained::incrementAndGet);

        response.readChunk(channel.alloc());
        response.finish();
        response.readChunk(channel.alloc());

        assertEquals(0, drained.get());
    }

    @Test
    void should_count_queued_chunks_when_offered_and_read() {
        response.offer(text("a"));
        response.offer(text("b"));
        assertEquals(2, response.queued());

        readText();

        assertEquals(1, response.queued());
    }

    @Test
    void should_report_progress_in_bytes_and_unknown_length() {
        response.offer(text("abc"));
        response.offer(text("de"));
        readText();
        readText();

        assertEquals(5, response.progress());
        assertEquals(-1, response.length());
    }

    @Test
    void should_call_on_closed_early_when_closed_before_last_content() {
        AtomicInteger early = new AtomicInteger();
        response.onClosedEarly(early::incrementAndGet);

        response.close();

        assertEquals(1, early.get());
    }

    @Test
    void should_not_call_on_closed_early_when_closed_after_last_content() {
        AtomicInteger early = new AtomicInteger();
        response.onClosedEarly(early::incrementAndGet);
        response.finish();
        response.readChunk(channel.alloc());

        response.close();
        channel.close();

        assertEquals(0, early.get());
    }

    @Test
    void should_call_on_closed_early_when_channel_closes_before_last_content() {
        AtomicInteger early = new AtomicInteger();
        response.onClosedEarly(early::incrementAndGet);

        channel.close();

        assertEquals(1, early.get());
    }

    @Test
    void should_call_on_closed_early_once_when_closed_and_channel_closes() {
        AtomicInteger early = new AtomicInteger();
        response.onClosedEarly(early::incrementAndGet);

        response.close();
        channel.close();

        assertEquals(1, early.get());
    }

    @Test
    void should_set_event_stream_headers_when_created() {
        assertEquals("text/event-stream; charset=utf-8", response.headers().get(HttpHeaderNames.CONTENT_TYPE));
        assertEquals("chunked", response.headers().get(HttpHeaderNames.TRANSFER_ENCODING));
        assertEquals("no-cache", response.headers().get(HttpHeaderNames.CACHE_CONTROL));
        assertEquals(200, response.status().code());
    }

    @Test
    void should_say_keep_alive_when_client_keeps_connection() {
        assertEquals("keep-alive", response.headers().get(HttpHeaderNames.CONNECTION));
    }

    @Test
    void should_say_close_when_client_does_not_keep_connection() throws Exception {
        SseResponse closing = new SseResponse(ctx, false);

        assertEquals("close", closing.headers().get(HttpHeaderNames.CONNECTION));
        closing.close();
    }
}
