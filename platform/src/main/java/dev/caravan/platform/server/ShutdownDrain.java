package dev.caravan.platform.server;

import dev.caravan.platform.storage.Receipt;
import dev.caravan.platform.exchange.ReceiptListener;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.pipeline.StreamOf;
import dev.caravan.platform.upstream.StreamRelay;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's graceful shutdown (docs/operations.md#shutdown). {@link #drain} turns readiness
 * false, closes the listening socket (by shutting down the listener's own accept loop, which holds
 * nothing but the server channel), lets the requests already read finish, with
 * {@code Connection: close} on their answers ({@link DrainHandler}), and at the deadline ends the
 * streams still open with an error event in their wire format. A request counts as in flight from
 * the moment its head is read until its answer's last byte is written; a stream until the finish
 * route has run for it, so its receipt is queued before the writers are closed.
 */
public final class ShutdownDrain implements ReceiptListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownDrain.class);
    /** After the streams were ended at the deadline: how long their finish route may take. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final ReadinessProbe readiness;
    private final EventLoopGroup acceptLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("caravan-accept", true));
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, RequestState> openStreams = new ConcurrentHashMap<>();
    private volatile boolean cutShort;

    public ShutdownDrain(ReadinessProbe readiness, io.micrometer.core.instrument.MeterRegistry registry) {
        this.readiness = readiness;
        io.micrometer.core.instrument.Gauge.builder("caravan.requests.in_flight", inFlight, AtomicInteger::get)
                .description("Requests read whose answer has not been written to its last byte yet (what a shutdown drains)")
                .register(registry);
    }

    /** The listener's accept loop (Camel's boss group): shut down, it closes the listening socket and nothing else. */
    EventLoopGroup acceptLoop() {
        return acceptLoop;
    }

    boolean draining() {
        return draining.get();
    }

    /** A request's head was read. */
    void requestStarted() {
        inFlight.incrementAndGet();
    }

    /** A request's answer was written to its last byte, or its connection closed before. */
    void requestEnded() {
        inFlight.decrementAndGet();
        wake();
    }

    /** Requests read whose answer has not been written to its end yet. */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void streamOpened(RequestState state) {
        openStreams.put(state.traceId(), state);
    }

    @Override
    public void finished(Receipt receipt, RequestState state) {
        if (openStreams.remove(state.traceId()) != null) {
            wake();
        }
    }

    /**
     * Stops taking new connections and waits up to {@code timeout} for the requests and streams in
     * flight; the streams still open then end with an error event and get their receipt. Returns
     * once nothing is in flight (or, for what the deadline could not end, {@link #GRACE} later).
     * Call once, from a thread that may block.
     */
    public void drain(Duration timeout) {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        readiness.markDraining();
        acceptLoop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(GRACE.toMillis());
        LOG.info("Shutting down: no new connections; draining {} request(s) and {} stream(s) for up to {} ms (server.drain_timeout_ms)",
                inFlight.get(), openStreams.size(), timeout.toMillis());
        if (!awaitIdle(timeout) && !openStreams.isEmpty()) {
            LOG.warn("Drain deadline: ending {} open stream(s) with an error event", openStreams.size());
            openStreams.values().forEach(ShutdownDrain::endStream);
            awaitIdle(GRACE);
        }
        if (inFlight.get() > 0 || !openStreams.isEmpty()) {
            LOG.warn("Shutting down with {} request(s) still unanswered", Math.max(inFlight.get(), openStreams.size()));
        }
    }

    /** A second signal: the deadline is now. */
    public void cutShort() {
        cutShort = true;
        wake();
    }

    private static void endStream(RequestState state) {
        StreamRelay relay = StreamOf.request(state);
        if (relay != null) {
            relay.endForShutdown();
        }
    }

    private boolean idle() {
        return inFlight.get() <= 0 && openStreams.isEmpty();
    }

    private synchronized boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            while (!idle() && !cutShort) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        cutShort = false; // the grace after a cut-short deadline still waits for the receipts
        return idle();
    }

    private void wake() {
        if (draining.get()) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    @Override
    public void close() {
        acceptLoop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }
}
