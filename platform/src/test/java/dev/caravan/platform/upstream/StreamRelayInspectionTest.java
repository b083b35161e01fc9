package dev.caravan.platform.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.Usage;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The relay with a {@link StreamInspector} (response guardrails) between the upstream and the client. */
class StreamRelayInspectionTest {

    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "relay-inspection-test-timers");
        thread.setDaemon(true);
        return thread;
    });

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final SseResponse response;
    private final Subscription subscription = new Subscription();
    private final List<StreamEnd> ends = new ArrayList<>();
    private final List<List<SseEvent>> inspected = new ArrayList<>();
    private CompletableFuture<StreamInspector.Release> answer = new CompletableFuture<>();
    private final StreamRelay relay;
    private boolean lastContentSeen;

    StreamRelayInspectionTest() {
        channel.pipeline().addLast("outbound-streamer", new ChunkedWriteHandler());
        response = new SseResponse(channel.pipeline().context("outbound-streamer"), true);
        StreamInspector inspector = (events, complete) -> {
            inspected.add(events);
            return answer;
        };
        relay = new StreamRelay(new PassThrough(), response, System.nanoTime(), ends::add, Duration.ofMinutes(1), TIMERS,
                Runnable::run, inspector);
        relay.onSubscribe(subscription);
    }

    @AfterEach
    void release() {
        response.close();
        channel.finishAndReleaseAll();
    }

    private void deliver(String bytes) {
        relay.onNext(List.of(ByteBuffer.wrap(bytes.getBytes(StandardCharsets.UTF_8))));
    }

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

    @Test
    void should_hold_events_and_read_no_more_upstream_while_an_inspection_is_pending() {
        deliver("data: a\n\n");

        assertEquals("", drain());
        assertEquals(1, subscription.requested);
    }

    @Test
    void should_send_the_released_events_and_read_on_when_the_inspection_answers() {
        deliver("data: a\n\n");

        answer.complete(StreamInspector.Release.of(inspected.get(0)));

        assertEquals("data: a\n\n", drain());
        assertEquals(2, subscription.requested);
    }

    @Test
    void should_cancel_the_upstream_and_end_with_the_stop_events_when_the_inspector_stops() {
        answer = CompletableFuture.completedFuture(StreamInspector.Release.stopWith(List.of(SseEvent.data("{\"error\":{}}"))));

        deliver("data: a\n\n");

        assertEquals("data: {\"error\":{}}\n\n", drain());
        assertTrue(lastContentSeen);
        assertTrue(subscription.cancelled);
        assertEquals(1, ends.size());
        assertNull(ends.get(0).error(), "a guardrail stop is not the upstream's failure");
    }

    @Test
    void should_finish_the_response_only_after_the_last_inspection_when_the_upstream_completes() {
        relay.onComplete();

        assertEquals("", drain());
        assertFalse(lastContentSeen);
        assertEquals(0, ends.size());

        answer.complete(StreamInspector.Release.of(List.of(SseEvent.data("[DONE]"))));

        assertEquals("data: [DONE]\n\n", drain());
        assertTrue(lastContentSeen);
        assertEquals(1, ends.size());
    }

    private static final class Subscription implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private static final class PassThrough implements StreamTranslator {
        @Override
        public List<SseEvent> onEvent(SseEvent upstreamEvent) {
            return List.of(upstreamEvent);
        }

        @Override
        public List<SseEvent> onComplete() {
            return List.of();
        }

        @Override
        public boolean endedCleanly() {
            return true;
        }

        @Override
        public Usage usage() {
            return Usage.NONE;
        }
    }
}
