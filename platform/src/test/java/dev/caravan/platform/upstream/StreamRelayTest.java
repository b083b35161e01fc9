package dev.caravan.platform.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.Usage;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Flow;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay driven as the JDK client drives it (a Flow subscriber with a counting subscription)
 * and drained as Netty drains it ({@link SseResponse#readChunk}).
 */
class StreamRelayTest {

    private static final String ERROR_EVENT = "data: {\"error\":{\"message\":\"The upstream stream failed before it"
            + " completed.\",\"type\":\"api_error\",\"param\":null,\"code\":\"upstream_stream_error\"}}\n\n";

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final SseResponse response;
    private final FakeTranslator translator = new FakeTranslator();
    private final CountingSubscription subscription = new CountingSubscription();
    private final List<StreamEnd> ends = new ArrayList<>();
    private final StreamRelay relay;
    private int delivered;
    private boolean lastContentSeen;

    StreamRelayTest() {
        channel.pipeline().addLast("outbound-streamer", new ChunkedWriteHandler());
        ChannelHandlerContext ctx = channel.pipeline().context("outbound-streamer");
        response = new SseResponse(ctx, true);
        relay = new StreamRelay(translator, response, System.nanoTime(), ends::add, Duration.ofMinutes(1), TIMERS, Runnable::run);
    }

    /** Idle timeouts are a minute away: they never fire during these tests. */
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "relay-test-timers");
        thread.setDaemon(true);
        return thread;
    });

    @AfterEach
    void releaseEverything() {
        response.close();
        channel.finishAndReleaseAll();
    }

    private void deliver(String upstreamBytes) {
        delivered++;
        relay.onNext(List.of(ByteBuffer.wrap(upstreamBytes.getBytes(StandardCharsets.UTF_8))));
    }

    /** Requested items the upstream has not delivered yet. */
    private long outstanding() {
        return subscription.requested - delivered;
    }

    /** Takes every ready chunk as the client would; notes the end of the body. */
    private String drain() {
        StringBuilder out = new StringBuilder();
        for (HttpContent chunk = response.readChunk(channel.alloc()); chunk != null; chunk = response.readChunk(channel.alloc())) {
            if (chunk instanceof LastHttpContent) {
                lastContentSeen = true;
                break;
            }
            out.append(chunk.content().toString(StandardCharsets.UTF_8));
            chunk.release();
        }
        return out.toString();
    }

    private StreamEnd onlyEnd() {
        assertEquals(1, ends.size(), "stream ends reported: " + ends);
        return ends.get(0);
    }

    // --- back-pressure ---

    @Test
    void should_request_one_item_when_subscribed() {
        relay.onSubscribe(subscription);

        assertEquals(1, subscription.requestCalls);
        assertEquals(1, subscription.requested);
    }

    @Test
    void should_keep_exactly_one_request_outstanding_when_client_keeps_up() {
        relay.onSubscribe(subscription);

        for (int i = 0; i < 40; i++) {
            deliver("data: " + i + "\n\n");
            assertEquals(1, outstanding(), "after delivery " + i);
            drain();
            assertEquals(1, outstanding(), "after drain " + i);
        }
    }

    @Test
    void should_stop_requesting_when_16_chunks_wait_for_client() {
        relay.onSubscribe(subscription);

        for (int i = 0; i < 16; i++) {
            assertEquals(1, outstanding(), "before delivery " + i);
            deliver("data: " + i + "\n\n");
        }

        assertEquals(0, outstanding());
        assertEquals(16, response.queued());
    }

    @Test
    void should_resume_requesting_when_client_takes_a_chunk() {
        relay.onSubscribe(subscription);
        for (int i = 0; i < 16; i++) {
            deliver("data: " + i + "\n\n");
        }

        response.readChunk(channel.alloc()).release();

        assertEquals(1, outstanding());
        response.readChunk(channel.alloc()).release();
        assertEquals(1, outstanding(), "still one request at a time");
    }

    @Test
    void should_request_more_when_buffer_held_no_whole_event() {
        relay.onSubscribe(subscription);

        deliver("data: half of an ev");

        assertEquals(1, outstanding());
        assertEquals(0, response.queued());
    }

    @Test
    void should_request_more_when_translator_drops_event() {
        translator.onEvent = e -> List.of();
        relay.onSubscribe(subscription);

        deliver("data: usage-only\n\n");

        assertEquals(1, outstanding());
        assertEquals(0, response.queued());
    }

    // --- framing ---

    @Test
    void should_queue_translated_events_with_name_and_one_data_line_per_line() {
        translator.onEvent = e -> List.of(new SseEvent("delta", "a\nb"), SseEvent.data(e.data()));
        relay.onSubscribe(subscription);

        deliver("data: x\n\n");

        assertEquals("event: delta\ndata: a\ndata: b\n\ndata: x\n\n", drain());
    }

    @Test
    void should_queue_all_events_of_one_upstream_read_as_one_chunk() {
        relay.onSubscribe(subscription);

        deliver("data: one\n\ndata: two\n\ndata: three\n\n");

        assertEquals(1, response.queued());
        assertEquals("data: one\n\ndata: two\n\ndata: three\n\n", drain());
    }

    @Test
    void should_parse_events_split_across_deliveries() {
        relay.onSubscribe(subscription);

        deliver("da");
        deliver("ta: one\n");
        deliver("\ndata: two\n\n");

        assertEquals("data: one\n\ndata: two\n\n", drain());
    }

    // --- client disconnect ---

    @Test
    void should_cancel_upstream_and_report_abort_once_when_client_gone_twice() {
        relay.onSubscribe(subscription);

        relay.clientGone();
        relay.clientGone();

        assertEquals(1, subscription.cancels);
        StreamEnd end = onlyEnd();
        assertEquals("aborted: client disconnected", end.error());
        assertTrue(end.clientAborted());
    }

    @Test
    void should_report_abort_once_when_client_channel_closes() {
        relay.onSubscribe(subscription);

        channel.close();
        response.close(); // what the chunked writer does with its input when the channel goes

        assertEquals(1, subscription.cancels);
        assertTrue(onlyEnd().clientAborted());
    }

    @Test
    void should_report_usage_so_far_when_client_gone() {
        translator.usage = Usage.of(10, 2);
        relay.onSubscribe(subscription);
        deliver("data: x\n\n");

        relay.clientGone();

        assertEquals(Usage.of(10, 2), onlyEnd().usage());
        assertNotNull(onlyEnd().firstByteNanos());
    }

    @Test
    void should_cancel_subscription_when_subscribed_after_client_gone() {
        relay.clientGone();

        relay.onSubscribe(subscription);

        assertEquals(1, subscription.cancels);
        assertEquals(0, subscription.requestCalls);
    }

    @Test
    void should_drop_upstream_bytes_when_client_gone() {
        relay.onSubscribe(subscription);
        relay.clientGone();

        deliver("data: late\n\n");

        assertEquals(0, translator.eventsSeen);
        assertEquals(0, response.queued());
    }

    @Test
    void should_not_report_again_when_upstream_ends_after_client_gone() {
        relay.onSubscribe(subscription);
        relay.clientGone();

        relay.onComplete();
        relay.onError(new IOException("reset"));

        assertTrue(onlyEnd().clientAborted());
        assertFalse(lastContentSeen);
    }

    // --- upstream failure ---

    @Test
    void should_end_for_its_own_reason_once_when_the_client_reports_the_cancellation_at_once() {
        // Newer JDK clients call onError from inside cancel(): the relay's reason must still win.
        Flow.Subscription reporting = new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {
                relay.onError(new IOException("chunked transfer encoding, state: READING_LENGTH"));
            }
        };
        translator.onEvent = event -> {
            throw new IllegalStateException("cannot translate");
        };
        relay.onSubscribe(reporting);

        deliver("data: x\n\n");

        assertEquals("translation_error: IllegalStateException", onlyEnd().error());
        assertEquals(ERROR_EVENT, drain());
        assertTrue(lastContentSeen);
    }

    @Test
    void should_send_error_event_then_end_body_when_upstream_fails() {
        relay.onSubscribe(subscription);
        deliver("data: first\n\n");

        relay.onError(new IOException("connection reset"));

        assertEquals("data: first\n\n" + ERROR_EVENT, drain());
        assertTrue(lastContentSeen);
    }

    @Test
    void should_report_stream_interrupted_when_upstream_fails() {
        relay.onSubscribe(subscription);

        relay.onError(new IOException("connection reset"));

        StreamEnd end = onlyEnd();
        assertEquals("stream_interrupted: connection error: connection reset", end.error());
        assertFalse(end.clientAborted());
    }

    @Test
    void should_report_stream_truncated_when_upstream_completes_without_its_end_marker() {
        translator.endedCleanly = false;
        relay.onSubscribe(subscription);
        deliver("data: partial answer\n\n");

        relay.onComplete();

        assertEquals("data: partial answer\n\n" + ERROR_EVENT, drain());
        assertTrue(lastContentSeen);
        assertEquals("stream_truncated: upstream closed the stream before its end", onlyEnd().error());
    }

    @Test
    void should_not_report_again_when_client_leaves_after_upstream_failed() {
        relay.onSubscribe(subscription);
        relay.onError(new IOException("reset"));

        relay.clientGone();
        relay.onComplete();

        assertTrue(onlyEnd().error().startsWith("stream_interrupted"));
        assertEquals(0, subscription.cancels);
    }

    // --- clean end ---

    @Test
    void should_send_closing_events_then_end_body_when_upstream_ends_cleanly() {
        translator.closing = List.of(SseEvent.data("[DONE]"));
        relay.onSubscribe(subscription);
        deliver("data: x\n\n");

        relay.onComplete();

        assertEquals("data: x\n\ndata: [DONE]\n\n", drain());
        assertTrue(lastContentSeen);
    }

    @Test
    void should_report_usage_without_error_when_upstream_ends_cleanly() {
        translator.usage = Usage.of(3, 4);
        relay.onSubscribe(subscription);
        deliver("data: x\n\n");

        relay.onComplete();

        StreamEnd end = onlyEnd();
        assertNull(end.error());
        assertFalse(end.clientAborted());
        assertEquals(Usage.of(3, 4), end.usage());
        assertTrue(end.firstByteNanos() >= 0);
    }

    @Test
    void should_report_no_first_byte_when_upstream_sent_no_bytes() {
        relay.onSubscribe(subscription);

        relay.onComplete();

        assertNull(onlyEnd().firstByteNanos());
    }

    @Test
    void should_not_report_again_when_client_leaves_after_clean_end() {
        relay.onSubscribe(subscription);
        relay.onComplete();

        relay.clientGone();
        channel.close();
        relay.onError(new IOException("late"));

        assertNull(onlyEnd().error());
        assertEquals(0, subscription.cancels);
    }

    @Test
    void should_stop_requesting_when_stream_ended() {
        relay.onSubscribe(subscription);
        deliver("data: x\n\n");
        relay.onComplete();
        long requested = subscription.requested;

        drain();

        assertEquals(requested, subscription.requested);
    }

    @Test
    void should_complete_body_with_itself_when_asked() {
        assertSame(relay, relay.getBody().toCompletableFuture().join());
        assertSame(response, relay.response());
    }

    private static final class CountingSubscription implements Flow.Subscription {
        long requested;
        int requestCalls;
        int cancels;

        @Override
        public void request(long n) {
            requested += n;
            requestCalls++;
        }

        @Override
        public void cancel() {
            cancels++;
        }
    }

    private static final class FakeTranslator implements StreamTranslator {
        Function<SseEvent, List<SseEvent>> onEvent = List::of;
        List<SseEvent> closing = List.of();
        boolean endedCleanly = true;
        Usage usage = Usage.NONE;
        int eventsSeen;

        @Override
        public List<SseEvent> onEvent(SseEvent upstreamEvent) {
            eventsSeen++;
            return onEvent.apply(upstreamEvent);
        }

        @Override
        public List<SseEvent> onComplete() {
            return closing;
        }

        @Override
        public boolean endedCleanly() {
            return endedCleanly;
        }

        @Override
        public Usage usage() {
            return usage;
        }
    }
}
