package dev.caravan.platform.storage;

import dev.caravan.platform.config.ReceiptsConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes receipts off the request path: {@link #submit} queues (never blocks, never throws), one
 * daemon thread writes batches of up to {@code batchSize} rows at least every {@code flushInterval}.
 * When the queue is full, or the database still fails after a few retries, receipts are appended
 * to the spill file instead, and {@link #start} replays that file at the next start: a receipt
 * accepted here is not lost unless the disk fails too (then {@code caravan.receipts.lost} counts it).
 * Every submitted receipt is first appended to the {@link ReceiptJournal} (to the operating system,
 * not yet to disk), which {@link #start} also replays: a killed process loses no submitted receipt.
 */
public final class ReceiptWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptWriter.class);
    private static final long[] RETRY_DELAYS_MS = {100, 300, 900};
    /** After a batch had to be spilled, later batches get one try each for this long, not the retries. */
    private static final long DEGRADED_MS = 5_000;
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long CLOSE_WAIT_MS = 30_000;
    /** Replay runs once at start, off the request path: bigger batches than the live writer's are fine. */
    private static final int REPLAY_BATCH = 500;

    private final ReceiptRepository repo;
    private final ReceiptBuffer buffer;
    private final UnwrittenReceipts unwritten = new UnwrittenReceipts();
    private final SpillFile spillFile;
    private final ReceiptJournal journal;
    private final int batchSize;
    private final long flushIntervalNanos;
    private final RateLimitedWarning overflowWarning = new RateLimitedWarning(LOG, Duration.ofMinutes(1));
    private final RateLimitedWarning failureWarning = new RateLimitedWarning(LOG, Duration.ofMinutes(1));
    private final MeterRegistry registry;
    private final Counter written;
    private final Counter spilled;
    private final Counter lost;
    private final Counter unjournaled;
    private final DistributionSummary batchSizes;
    private final Gauge queueGauge;
    private final AtomicLong processed = new AtomicLong(); // receipts taken from the buffer and written or spilled
    private final Object progress = new Object();
    private volatile long degradedUntil;
    private volatile Thread thread;
    private final String nodeId;

    public ReceiptWriter(ReceiptRepository repo, ReceiptsConfig cfg, MeterRegistry registry) {
        this(repo, cfg, registry, null);
    }

    /** @param nodeId stamped on every receipt submitted without one ({@code server.node_id}); null: none */
    public ReceiptWriter(ReceiptRepository repo, ReceiptsConfig cfg, MeterRegistry registry, String nodeId) {
        this.nodeId = nodeId;
        this.repo = repo;
        this.batchSize = Math.max(1, cfg.batchSize());
        this.buffer = new ReceiptBuffer(cfg.queueCapacity(), batchSize);
        this.spillFile = new SpillFile(cfg.spillFile());
        this.flushIntervalNanos = Math.max(1, cfg.flushInterval().toNanos());
        this.registry = registry;
        this.written = Counter.builder("caravan.receipts.written").description("Receipts stored in the database").register(registry);
        this.spilled = Counter.builder("caravan.receipts.spilled").description("Receipts appended to the spill file").register(registry);
        this.lost = Counter.builder("caravan.receipts.lost").description("Receipts that neither the database nor the spill file took").register(registry);
        this.unjournaled = Counter.builder("caravan.receipts.unjournaled")
                .description("Receipts the journal could not take (disk full, I/O error): queued, but lost if the process dies first")
                .register(registry);
        this.journal = new ReceiptJournal(cfg.journalDir(), cfg.journalFsync(), ReceiptJournal.SEGMENT_BYTES, unjournaled::increment);
        this.batchSizes = DistributionSummary.builder("caravan.receipts.batch.size").description("Receipts per database batch").register(registry);
        this.queueGauge = Gauge.builder("caravan.receipts.queue", buffer, ReceiptBuffer::size)
                .description("Receipts waiting to be written").strongReference(true).register(registry);
    }

    /** Replays the spill file into the database, then starts the writer thread. Call once. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("receipt writer already started");
        }
        replaySpillFile();
        replayJournal();
        Thread writer = new Thread(this::run, "caravan-receipt-writer");
        writer.setDaemon(true);
        thread = writer;
        writer.start();
    }

    /** False once the writer thread has died before {@link #close}: receipts then pile up unwritten. */
    public boolean running() {
        Thread writer = thread;
        return writer == null || writer.isAlive() || buffer.isClosed();
    }

    /** Queues the receipt; when the queue is full, appends it to the spill file. Never blocks on the database, never throws. */
    public void submit(Receipt submitted) {
        Receipt receipt = submitted;
        try {
            if (receipt == null || receipt.traceId() == null) {
                failureWarning.warn("Ignored a receipt without trace id");
                return;
            }
            if (nodeId != null && receipt.node() == null) {
                receipt = receipt.servedOn(nodeId); // before the journal: a replay elsewhere keeps the node that served it
            }
            unwritten.accepted(receipt); // before the writer can see it, so it cannot be removed first
            journal.append(receipt); // before the answer's last byte leaves: a killed process still has it
            if (!buffer.offer(receipt)) {
                overflowWarning.warn("Receipt queue full or closed: spilling receipts to {} (replayed at next start)", spillFile.path());
                spill(List.of(receipt));
            }
        } catch (RuntimeException e) {
            LOG.error("Receipt {} lost: {}", receipt.traceId(), e.toString());
        }
    }

    /**
     * A receipt accepted by {@link #submit} that the database does not hold yet (queued, being
     * written, or spilled to the file recently); empty once the database has it.
     */
    public Optional<Receipt> unwritten(String traceId) {
        return unwritten.find(traceId);
    }

    /**
     * Waits until every receipt submitted before this call has been written or spilled.
     *
     * @return false if that did not happen within {@code timeout} (or the writer is not started)
     */
    public boolean flush(Duration timeout) {
        long target = buffer.accepted();
        if (thread == null) {
            return processed.get() >= target; // nothing would write them before close()
        }
        buffer.hurry();
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

    /** Stops accepting (later submits spill), writes what is queued, stops the thread. */
    @Override
    public synchronized void close() {
        buffer.close();
        if (thread != null) {
            try {
                thread.join(CLOSE_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("Receipt writer still busy after {} ms; spilling what is left to {}", CLOSE_WAIT_MS, spillFile.path());
            }
        }
        // Not started, or stuck: drain here. Spill directly when the thread is stuck on the database.
        boolean stuck = thread != null && thread.isAlive();
        for (List<Receipt> batch = drainNow(); !batch.isEmpty(); batch = drainNow()) {
            if (stuck) {
                spill(batch);
                completed(batch);
            } else {
                process(batch);
            }
        }
        spillFile.close();
        journal.close();
        registry.remove(queueGauge);
    }

    private void run() {
        try {
            while (true) {
                List<Receipt> batch = buffer.nextBatch(flushIntervalNanos, IDLE_NANOS);
                if (!batch.isEmpty()) {
                    process(batch);
                } else if (buffer.isClosed()) {
                    return;
                }
                repo.chain().idle(); // a checkpoint due by time, busy or not
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close() drains what is left
        } catch (RuntimeException e) {
            LOG.error("Receipt writer thread failed; close() will drain the queue", e);
        } catch (Error e) {
            dev.caravan.platform.health.FatalErrors.record(Thread.currentThread().getName(), e);
        }
    }

    private void process(List<Receipt> batch) {
        if (!write(batch)) {
            spill(batch);
        }
        completed(batch);
    }

    /** Writes with retries; false when the database keeps failing. */
    private boolean write(List<Receipt> batch) {
        int tries = System.currentTimeMillis() < degradedUntil ? 1 : RETRY_DELAYS_MS.length + 1;
        for (int attempt = 1; ; attempt++) {
            try {
                repo.insertBatch(batch);
                unwritten.written(batch);
                journal.stored(batch);
                written.increment(batch.size());
                batchSizes.record(batch.size());
                degradedUntil = 0;
                return true;
            } catch (RuntimeException e) {
                if (attempt >= tries) {
                    degradedUntil = System.currentTimeMillis() + DEGRADED_MS;
                    failureWarning.warn("Writing {} receipts failed {} times ({}); spilling them to {}",
                            batch.size(), attempt, e.getMessage(), spillFile.path());
                    return false;
                }
                pause(RETRY_DELAYS_MS[attempt - 1]);
            }
        }
    }

    private void spill(List<Receipt> receipts) {
        try {
            spillFile.append(receipts);
            unwritten.spilled(receipts);
            spilled.increment(receipts.size());
            journal.stored(receipts); // the spill file is replayed at start as well
        } catch (IOException | RuntimeException e) {
            unwritten.lost(receipts);
            lost.increment(receipts.size());
            LOG.error("{} receipts lost, spill file {} failed ({}); first trace id {}",
                    receipts.size(), spillFile.path(), e, receipts.get(0).traceId());
        }
    }

    private void completed(List<Receipt> batch) {
        processed.addAndGet(batch.size());
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private List<Receipt> drainNow() {
        try {
            return buffer.nextBatch(0, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private void replaySpillFile() {
        try {
            long replayed = spillFile.replay(Math.max(batchSize, REPLAY_BATCH), batch -> {
                repo.insertBatch(batch);
                written.increment(batch.size());
            });
            if (replayed > 0) {
                LOG.info("Replayed {} receipts from {}", replayed, spillFile.path());
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Replaying receipt spill file {} failed; it is kept for the next start: {}", spillFile.path(), e.toString());
        }
    }

    /** Receipts of answers delivered before the previous process died, from its journal. */
    private void replayJournal() {
        try {
            long replayed = journal.replay(Math.max(batchSize, REPLAY_BATCH), batch -> {
                repo.insertBatch(batch);
                written.increment(batch.size());
            });
            if (replayed > 0) {
                LOG.info("Replayed {} receipts from the journal in {} (those already stored were skipped)", replayed, journal.dir());
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Replaying the receipt journal {} failed; its segments are kept for the next start: {}", journal.dir(), e.toString());
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // retry back-off on the writer thread, never on a request thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
