package dev.caravan.platform.upstream;

import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Moves one upstream event stream to one client as the bytes arrive: parses SSE, lets the
 * provider adapter translate each event, and queues the result on the client's
 * {@link SseResponse}. It asks the upstream for more only while the client keeps up, cancels the
 * upstream call when the client disconnects, and reports how the stream ended exactly once.
 *
 * <p>With a {@link StreamInspector} (response guardrails), each batch of translated events goes
 * to it first; the relay reads no more upstream bytes until it answers, sends what it releases,
 * and ends the stream (cancelling the upstream) when it says stop.
 *
 * <p>The JDK client delivers {@code onNext}/{@code onError}/{@code onComplete} serially on its
 * executor; {@link #clientGone} may come from a Netty I/O thread; inspections answer on the
 * guardrail pool.
 */
public final class StreamRelay implements HttpResponse.BodySubscriber<Object> {

    private static final int HIGH_WATER = 16;
    private static final String FAILED = "The upstream stream failed before it completed.";
    private static final byte[] EVENT_FIELD = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_FIELD = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamRelay.class);

    private final StreamTranslator translator;
    private final SseResponse response;
    private final long startNanos;
    private final Consumer<StreamEnd> onEnd;
    private final IdleWatch idle;
    private final Executor relayExecutor;
    private SseParser parser = new SseParser(dev.caravan.platform.config.ProviderConfig.DEFAULT_MAX_EVENT_BYTES);
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Flow.Subscription subscription;
    private volatile Long firstByteNanos;
    private Consumer<String> tap;
    private volatile StreamInspector inspector; // null: events go straight to the client
    private volatile boolean started; // false while held until the client reads (holdUntilClientReads)
    private volatile boolean inspecting;
    private CompletableFuture<Void> inspections = CompletableFuture.completedFuture(null);
    private boolean jsonEvents;
    private final GeneratedText generated = new GeneratedText(); // filled while jsonEvents checks each event
    private long offered; // bytes queued for the client (relay threads, one at a time)
    private volatile long terminalEnd = -1; // offered bytes up to the chunk that holds the final event

    /**
     * @param idleTimeout   longest silence from the upstream before the stream is ended with an
     *                      error (a stalled provider must not hold the client forever)
     * @param relayExecutor where requests for more upstream bytes are made once the client drained
     */
    public StreamRelay(StreamTranslator translator, SseResponse response, long startNanos, Consumer<StreamEnd> onEnd,
            Duration idleTimeout, ScheduledExecutorService timers, Executor relayExecutor) {
        this(translator, response, startNanos, onEnd, idleTimeout, timers, relayExecutor, null);
    }

    /** @param inspector sees every event before the client does; null for none */
    public StreamRelay(StreamTranslator translator, SseResponse response, long startNanos, Consumer<StreamEnd> onEnd,
            Duration idleTimeout, ScheduledExecutorService timers, Executor relayExecutor, StreamInspector inspector) {
        this.inspector = inspector;
        this.started = true;
        this.relayExecutor = relayExecutor;
        this.translator = translator;
        this.response = response;
        this.startNanos = startNanos;
        this.onEnd = onEnd;
        this.idle = new IdleWatch(idleTimeout, timers, this::upstreamIdle);
        // The client side drains on a Netty I/O thread, and the JDK client may deliver the next
        // bytes synchronously inside request(): so ask for more from the relay's executor, never
        // from the I/O thread (that would translate on it and re-enter the chunked writer).
        response.onDrained(() -> {
            if (!requested.get() && !ended.get()) {
                relayExecutor.execute(this::requestMoreIfRoom);
            }
        });
        response.onClosedEarly(this::clientGone);
    }

    /**
     * Also hands each event's data sent to the client to {@code consumer} (the request log's
     * answer accumulator), on the relay's thread; null for none. Call before the relay subscribes.
     */
    public StreamRelay tap(Consumer<String> consumer) {
        this.tap = consumer;
        return this;
    }

    /**
     * Ends the stream with an error event at the first upstream event whose data is not JSON
     * ({@code [DONE]} aside), instead of relaying it; every provider's events are JSON. Call before
     * the relay subscribes.
     */
    public StreamRelay jsonEvents() {
        this.jsonEvents = true;
        return this;
    }

    /** Reads the upstream as line-delimited events ({@link SseParser#lines}), each line bounded by {@code limit}; call before the relay subscribes. */
    public StreamRelay lineDelimited(long limit) {
        this.parser = SseParser.lines(limit);
        return this;
    }

    /** Bounds one upstream event ({@code max_event_bytes}); call before the relay subscribes. */
    public StreamRelay maxEventBytes(long limit) {
        this.parser = new SseParser(limit);
        return this;
    }

    public SseResponse response() {
        return response;
    }

    /**
     * Reads nothing from the upstream until the client side first asks for a chunk, which happens
     * only once the route that built this stream has completed: a later stage (guardOutput) may
     * still {@link #inspect} the stream, and no event reaches the client unchecked. Call before the
     * relay subscribes.
     */
    public StreamRelay holdUntilClientReads() {
        this.started = false;
        response.onFirstPull(() -> {
            if (!started) {
                started = true;
                relayExecutor.execute(this::requestMoreIfRoom);
            }
        });
        return this;
    }

    /** Puts {@code streamInspector} between the upstream and the client; only while the relay is held. */
    public void inspect(StreamInspector streamInspector) {
        if (started) {
            throw new IllegalStateException("the stream already started: it can no longer be inspected");
        }
        this.inspector = streamInspector;
    }

    @Override
    public CompletionStage<Object> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (ended.get()) {
            s.cancel();
            return;
        }
        requestMoreIfRoom();
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        requested.set(false);
        if (ended.get()) {
            return;
        }
        idle.activity();
        if (firstByteNanos == null) {
            firstByteNanos = System.nanoTime() - startNanos;
        }
        List<SseEvent> out = new ArrayList<>();
        try {
            for (ByteBuffer buffer : buffers) {
                for (SseEvent event : parser.feed(buffer)) {
                    if (jsonEvents && !wellFormed(event)) {
                        sendBeforeFailure(out);
                        endWithError("invalid_event: upstream stream event data is not valid JSON",
                                "The upstream sent a stream event that is not valid JSON; the stream was ended.", true);
                        return;
                    }
                    out.addAll(translator.onEvent(event));
                }
            }
        } catch (SseParser.EventTooLargeException e) {
            sendBeforeFailure(out);
            endWithError("event_too_large: " + e.getMessage(), "The upstream sent a stream event larger than " + e.limit()
                    + " bytes (the provider's max_event_bytes); the stream was ended.", true);
            return;
        } catch (RuntimeException e) {
            // A translator that cannot handle an event ends this stream, not the client thread.
            if (inspector == null) {
                send(out); // what was translated before the failure, as when events went out one by one
            }
            endWithError("translation_error: " + e.getClass().getSimpleName(), FAILED, true);
            return;
        }
        if (inspector != null) {
            inspect(out, false);
            return;
        }
        send(out);
        requestMoreIfRoom();
    }

    /** What was translated before a failure goes out, as when events went out one by one (not past a guardrail). */
    private void sendBeforeFailure(List<SseEvent> out) {
        if (inspector == null) {
            send(out);
        }
    }

    /**
     * Every provider's stream events carry JSON (OpenAI's {@code [DONE]} aside): an event whose data
     * is not is a broken upstream, and relaying it verbatim would break the client's SDK instead.
     */
    private boolean wellFormed(SseEvent event) {
        String data = event.data();
        if (data == null || data.isBlank()) {
            return true;
        }
        String value = data.strip();
        if (value.equals("[DONE]")) {
            return true;
        }
        return repeatsGeneratedText(event.event()) ? WellFormedJson.text(value) : WellFormedJson.text(value, generated);
    }

    /** Responses events other than deltas ({@code response.output_text.done}, {@code response.completed} …) repeat the whole text. */
    private static boolean repeatsGeneratedText(String name) {
        return name != null && name.startsWith("response.") && !name.endsWith(".delta");
    }

    /** What the upstream generated so far, read once the stream has ended (see {@link GeneratedText}). */
    public GeneratedText generated() {
        return generated;
    }

    @Override
    public void onError(Throwable error) {
        if (ended.get()) {
            return;
        }
        UpstreamFailure failure = UpstreamFailure.classify(error);
        endWithError("stream_interrupted: " + failure.detail(), FAILED, false);
    }

    @Override
    public void onComplete() {
        if (ended.get()) {
            return;
        }
        List<SseEvent> last = translator.onComplete();
        if (!translator.endedCleanly()) {
            if (inspector == null) {
                send(last);
            }
            endWithError("stream_truncated: upstream closed the stream before its end", FAILED, false);
            return;
        }
        if (inspector != null) {
            inspect(last, true);
            return;
        }
        end(new StreamEnd(translator.usage(), firstByteNanos, null, false), frames(last));
    }

    /** Hands events to the inspector after any inspection still running; reads more (or ends) once it answers. */
    private void inspect(List<SseEvent> events, boolean complete) {
        inspecting = true;
        inspections = inspections.thenCompose(v -> inspector.inspect(events, complete))
                .handle((release, error) -> {
                    afterInspection(release, error, complete);
                    return null;
                });
    }

    private void afterInspection(StreamInspector.Release release, Throwable error, boolean complete) {
        if (ended.get()) {
            return;
        }
        if (error != null) {
            LOG.error("inspecting a stream failed", error);
            endWithError("guardrail_error: " + error.getClass().getSimpleName(), FAILED, true);
            return;
        }
        if (complete && release.stop() == null) {
            end(new StreamEnd(translator.usage(), firstByteNanos, null, false), frames(release.send()));
            return;
        }
        send(release.send());
        if (release.stop() != null) {
            stop(release.stop());
        } else {
            inspecting = false;
            idle.activity();
            requestMoreIfRoom();
        }
    }

    /** An inspector ended the stream: the upstream is cancelled and the client gets the closing events; not the upstream's failure. */
    private void stop(List<SseEvent> closing) {
        if (!claimEnd()) {
            return;
        }
        cancelUpstream();
        reportThenFinish(new StreamEnd(translator.usage(), firstByteNanos, null, false), frames(closing));
    }

    private void cancelUpstream() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    /**
     * The client went away: stop the upstream call and record the abort, unless the client had
     * already been handed the stream's final event. SDKs stop reading there (openai-java 7.x at
     * {@code [DONE]}) and may close before the chunked body's terminator is written: that stream
     * was delivered whole, and is recorded as complete.
     */
    public void clientGone() {
        if (claimEnd()) {
            cancelUpstream();
            long terminal = terminalEnd;
            if (terminal >= 0 && response.progress() >= terminal) {
                report(new StreamEnd(translator.usage(), firstByteNanos, null, false));
            } else {
                report(new StreamEnd(translator.usage(), firstByteNanos, "aborted: client disconnected", true));
            }
        }
    }

    /**
     * The gateway is shutting down and the drain deadline has passed: the stream ends with an error
     * event in the client's wire format, and its receipt is recorded like any other stream's end.
     */
    public void endForShutdown() {
        endWithError("shutdown: the gateway stopped before the stream ended",
                "The gateway is shutting down; the stream ended before the upstream finished.", true);
    }

    private void upstreamIdle() {
        if (inspecting && !ended.get()) {
            idle.restart(); // the gateway is checking, not the upstream stalling
            return;
        }
        if (!ended.get()) {
            endWithError("stream_idle_timeout: no upstream data for " + idle.timeout().toMillis() + " ms", FAILED, true);
        }
    }

    /**
     * Ends the stream with an error event, unless it has already ended. The end is claimed before
     * the upstream is cancelled: a JDK client may report the cancellation at once, as an
     * {@code onError} of its own, and the stream must end for the reason that ended it.
     */
    private void endWithError(String label, String message, boolean cancelUpstream) {
        if (!claimEnd()) {
            return;
        }
        if (cancelUpstream) {
            cancelUpstream();
        }
        ByteBuf closing = translator instanceof FailureEvents family
                ? frames(family.failureEvents(message)) // the client's own wire format (Anthropic, Responses)
                : frames(List.of(SseEvent.data("{\"error\":{\"message\":\"" + message + "\","
                        + "\"type\":\"api_error\",\"param\":null,\"code\":\"upstream_stream_error\"}}")));
        reportThenFinish(new StreamEnd(translator.usage(), firstByteNanos, label, false), closing);
    }

    /** Reports the end once, then sends the last events and finishes the client's response. */
    private void end(StreamEnd end, ByteBuf lastFrames) {
        if (claimEnd()) {
            reportThenFinish(end, lastFrames);
        } else {
            offer(lastFrames);
            response.finish();
        }
    }

    /**
     * The receipt is recorded (and so journaled) before the stream's last events and the chunked
     * body's terminator are offered to the client: a client that has read the end of the stream
     * holds an answer whose receipt survives a crash of the process. The response is finished
     * whatever the report does, so it cannot be left hanging.
     */
    private void reportThenFinish(StreamEnd end, ByteBuf lastFrames) {
        try {
            report(end);
        } finally {
            offer(lastFrames);
            response.finish();
        }
    }

    /** True for the one caller that ends the stream; the idle watch stops with it. */
    private boolean claimEnd() {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        idle.stop();
        return true;
    }

    private void report(StreamEnd end) {
        try {
            onEnd.accept(end);
        } catch (RuntimeException e) {
            LOG.error("recording the end of a stream failed", e);
        }
    }

    /** Hands what the client is sent to the request log's capture, if any. */
    private void tap(List<SseEvent> events) {
        if (tap != null) {
            events.forEach(event -> tap.accept(event.data()));
        }
    }

    private void send(List<SseEvent> events) {
        offer(frames(events));
    }

    /** The events framed for the client and handed to the request log's tap; the caller offers them. */
    private ByteBuf frames(List<SseEvent> events) {
        tap(events);
        ByteBuf frames = Unpooled.buffer(256);
        encode(events, frames);
        offered += frames.readableBytes();
        if (terminalEnd < 0 && events.stream().anyMatch(TerminalEvents::isTerminal)) {
            terminalEnd = offered; // the whole batch goes out as one chunk
        }
        return frames;
    }

    private void offer(ByteBuf frames) {
        if (frames.isReadable()) {
            response.offer(frames);
        } else {
            frames.release();
        }
    }

    /** Appends each event in SSE framing; a data value with line breaks becomes several data lines. */
    private static void encode(List<SseEvent> events, ByteBuf out) {
        for (SseEvent event : events) {
            if (event.event() != null) {
                out.writeBytes(EVENT_FIELD);
                ByteBufUtil.writeUtf8(out, event.event());
                out.writeByte('\n');
            }
            String data = event.data();
            int start = 0;
            for (int end = data.indexOf('\n'); ; end = data.indexOf('\n', start)) {
                out.writeBytes(DATA_FIELD);
                ByteBufUtil.writeUtf8(out, data, start, end < 0 ? data.length() : end);
                out.writeByte('\n');
                if (end < 0) {
                    break;
                }
                start = end + 1;
            }
            out.writeByte('\n');
        }
    }

    private void requestMoreIfRoom() {
        Flow.Subscription s = subscription;
        if (s != null && started && !ended.get() && !inspecting && response.queued() < HIGH_WATER && requested.compareAndSet(false, true)) {
            s.request(1);
        }
    }
}
