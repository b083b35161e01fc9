package dev.caravan.platform.logging;

import dev.caravan.platform.storage.RequestLog;
import dev.caravan.platform.storage.RequestLogRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes request logs off the request path. {@link #submit} never blocks and never throws: when
 * the bounded queue is full the entry is dropped and counted ({@code caravan.request_logs.dropped})
 * — bodies are debugging evidence, and a gateway under pressure must not slow down or run out of
 * memory for them. The receipt of the same request goes through its own writer and is not affected.
 * One daemon thread builds rows (scrubbing and redaction run here) and writes them in batches,
 * with a few retries; a batch the database still refuses is dropped and counted
 * ({@code caravan.request_logs.lost}). Unlike receipts, logs are not spilled to disk: a spill file
 * would be an unredacted copy outside the retention purge.
 */
public final class RequestLogWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLogWriter.class);
    private static final long[] RETRY_DELAYS_MS = {100, 300, 900};
    private static final long CLOSE_WAIT_MS = 10_000;

    private final RequestLogRepository repo;
    private final LogEntryBuilder builder;
    private final DoNotTrackKeys doNotTrackKeys;
    private final BlockingQueue<PendingLog> queue;
    private final int batchSize;
    private final long flushNanos;
    private final Counter written;
    private final Counter dropped;
    private final Counter lost;
    private final MeterRegistry registry;
    private final Gauge queueGauge;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final Object progress = new Object();
    private volatile long lastOverflowWarning;
    private volatile boolean closed;
    private Thread thread;

    RequestLogWriter(RequestLogRepository repo, LogEntryBuilder builder, DoNotTrackKeys doNotTrackKeys,
            int capacity, int batchSize, Duration flushInterval, MeterRegistry registry) {
        this.repo = repo;
        this.builder = builder;
        this.doNotTrackKeys = doNotTrackKeys;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.flushNanos = Math.max(1, flushInterval.toNanos());
        this.registry = registry;
        this.written = Counter.builder("caravan.request_logs.written").description("Request logs stored").register(registry);
        this.dropped = Counter.builder("caravan.request_logs.dropped").description("Request logs dropped: queue full").register(registry);
        this.lost = Counter.builder("caravan.request_logs.lost").description("Request logs the database refused").register(registry);
        this.queueGauge = Gauge.builder("caravan.request_logs.queue", queue, BlockingQueue::size)
                .description("Request logs waiting to be written").strongReference(true).register(registry);
    }

    synchronized void start() {
        doNotTrackKeys.refreshIfStale();
        thread = new Thread(this::run, "caravan-request-log-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues the entry, or drops it when the queue is full or the writer closed. */
    void submit(PendingLog entry) {
        if (!closed && queue.offer(entry)) {
            accepted.incrementAndGet();
            return;
        }
        dropped.increment();
        long now = System.currentTimeMillis();
        if (now - lastOverflowWarning > 60_000) {
            lastOverflowWarning = now;
            LOG.warn("Request log queue full (logging.queue_capacity); dropping request logs (receipts are kept), e.g. trace {}", entry.traceId());
        }
    }

    /** Waits until every entry accepted before this call is written (or given up); false on timeout. */
    boolean flush(Duration timeout) {
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (processed.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true; // the thread finishes its batch and stops within a second; close() writes the rest
        if (thread != null) {
            try {
                thread.join(CLOSE_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<PendingLog> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty() && (thread == null || !thread.isAlive())) {
            process(rest);
        }
        registry.remove(queueGauge);
    }

    private void run() {
        List<PendingLog> batch = new ArrayList<>(batchSize);
        while (!closed) {
            try {
                PendingLog first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + flushNanos;
                while (batch.size() < batchSize) {
                    queue.drainTo(batch, batchSize - batch.size());
                    long left = deadline - System.nanoTime();
                    if (batch.size() >= batchSize || left <= 0) {
                        break;
                    }
                    PendingLog next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next != null) {
                        batch.add(next);
                    }
                }
                process(batch);
                batch = new ArrayList<>(batchSize);
            } catch (InterruptedException e) {
                if (!batch.isEmpty()) {
                    process(batch); // close(): finish what was taken
                }
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("Request log writer failed on a batch of {}; continuing", batch.size(), e);
                completed(batch.size());
                batch = new ArrayList<>(batchSize);
            }
        }
    }

    private void process(List<PendingLog> batch) {
        try {
            doNotTrackKeys.refreshIfStale();
            List<RequestLog> rows = new ArrayList<>(batch.size());
            for (PendingLog p : batch) {
                rows.add(builder.build(p));
            }
            write(rows);
        } finally {
            completed(batch.size());
        }
    }

    private void write(List<RequestLog> rows) {
        for (int attempt = 0; ; attempt++) {
            try {
                repo.insertBatch(rows);
                written.increment(rows.size());
                return;
            } catch (RuntimeException e) {
                if (attempt >= RETRY_DELAYS_MS.length || closed) {
                    lost.increment(rows.size());
                    LOG.error("{} request logs lost, the database refused them ({}); first trace id {}",
                            rows.size(), e.getMessage(), rows.get(0).traceId());
                    return;
                }
                try {
                    Thread.sleep(RETRY_DELAYS_MS[attempt]); // on the writer thread, never a request thread
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    lost.increment(rows.size());
                    return;
                }
            }
        }
    }

    private void completed(int n) {
        processed.addAndGet(n);
        synchronized (progress) {
            progress.notifyAll();
        }
    }
}
