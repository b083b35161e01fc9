package dev.caravan.platform.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeadAnswerTrimmerTest {

    @Test
    void should_send_the_head_alone_and_close_when_a_head_request_gets_a_stream() {
        EmbeddedChannel channel = new EmbeddedChannel(new HeadAnswerTrimmer());
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.HEAD, "/health"));
        channel.readInbound();
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set("transfer-encoding", "chunked").set("content-type", "text/event-stream");

        channel.writeOutbound(head, new DefaultHttpContent(Unpooled.copiedBuffer("data: x\n\n", StandardCharsets.UTF_8)),
                LastHttpContent.EMPTY_LAST_CONTENT);
        FullHttpResponse written = channel.readOutbound();

        assertEquals(0, written.content().readableBytes());
        assertNull(written.headers().get("transfer-encoding"));
        assertEquals("text/event-stream", written.headers().get("content-type"));
        assertEquals("close", written.headers().get("connection"));
        assertNull(channel.readOutbound(), "the stream's content must not be written");
        assertFalse(channel.isOpen());
    }

    @Test
    void should_close_the_connection_when_more_requests_than_the_bound_await_answers() {
        EmbeddedChannel channel = new EmbeddedChannel(new HeadAnswerTrimmer());
        for (int i = 0; i <= CorsHandler.MAX_PENDING; i++) {
            channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/health"));
        }

        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void should_keep_the_body_when_the_request_was_a_get() {
        EmbeddedChannel channel = new EmbeddedChannel(new HeadAnswerTrimmer());
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/health"));
        channel.readInbound();

        channel.writeOutbound(new io.netty.handler.codec.http.DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8)));
        FullHttpResponse written = channel.readOutbound();

        assertEquals(2, written.content().readableBytes());
        assertTrue(channel.isOpen());
        written.release();
    }
}
