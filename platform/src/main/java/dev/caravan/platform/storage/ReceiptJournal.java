package dev.caravan.platform.storage;

import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every receipt, one JSON line, handed to the operating system before its answer's last byte
 * leaves, so a killed process loses none: the receipt queue lives in memory, this file does not.
 * Lines go to numbered segments ({@code receipts-<n>.journal}); a segment is deleted once it is no
 * longer being appended to and every receipt in it is committed to the database or the spill file.
 * {@link #replay} hands the segments left by an earlier process to the database at start (the
 * insert skips trace ids already stored, so a receipt replayed twice is still stored once).
 *
 * <p>No fsync per line: one thread forces the open segment to disk every {@code fsyncInterval}, so
 * a <em>machine</em> crash (power loss, kernel panic) can lose the receipts of that last interval; a
 * process crash ({@code kill -9}, OOM kill) loses none, the kernel holds what was written.
 */
final class ReceiptJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptJournal.class);
    private static final Pattern SEGMENT = Pattern.compile("receipts-(\\d{1,18})\\.journal");
    /** A segment is sealed past this size; a fully committed sealed segment is deleted. */
    static final long SEGMENT_BYTES = 16L * 1024 * 1024;
    /** After a failed write (disk full), appends are skipped this long rather than retried per request. */
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path dir;
    private final long segmentBytes;
    private final ObjectWriter writer = ReceiptJson.mapper().writerFor(Receipt.class);
    private final Map<String, Segment> unstored = new ConcurrentHashMap<>();
    private final RateLimitedWarning failureWarning = new RateLimitedWarning(LOG, Duration.ofMinutes(1));
    private final Runnable onFailure;
    private final ScheduledExecutorService fsync;
    private Segment current; // guarded by this; opened on the first append
    private long nextNumber = 1; // guarded by this
    private boolean closed; // guarded by this
    private long failedAt; // guarded by this; System.nanoTime() of the last failed write
    private boolean failing; // guarded by this

    /** One file of the journal and how many of its receipts the database (or spill file) lacks. */
    private static final class Segment {
        final Path path;
        final FileChannel channel;
        final AtomicInteger unstored = new AtomicInteger();
        volatile boolean sealed;
        volatile boolean dirty;
        long size;

        Segment(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }
    }

    /**
     * @param onFailure called for each receipt the journal could not take (disk full, I/O error);
     *                  that receipt still goes to the queue, it is only unprotected against a crash
     */
    ReceiptJournal(Path dir, Duration fsyncInterval, long segmentBytes, Runnable onFailure) {
        this.dir = dir.toAbsolutePath();
        this.segmentBytes = segmentBytes;
        this.onFailure = onFailure;
        this.fsync = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "caravan-receipt-journal-fsync");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, fsyncInterval.toMillis());
        fsync.scheduleWithFixedDelay(this::force, every, every, TimeUnit.MILLISECONDS);
    }

    Path dir() {
        return dir;
    }

    /**
     * Writes the receipt's line to the operating system (one {@code write} call, no fsync): a
     * page-cache copy of a few hundred bytes, cheap enough for any thread. Never throws.
     */
    void append(Receipt receipt) {
        byte[] line;
        try {
            line = (writer.writeValueAsString(receipt) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            failed(receipt, e);
            return;
        }
        synchronized (this) {
            if (closed) {
                return; // after close the writer spills synchronously: the spill file protects it
            }
            if (failing && System.nanoTime() - failedAt < RETRY_NANOS) {
                failed(receipt, new IOException("journal unwritable, retried at most once a second"));
                return;
            }
            try {
                Segment segment = openSegment();
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    segment.channel.write(buffer);
                }
                segment.size += line.length;
                segment.dirty = true;
                segment.unstored.incrementAndGet();
                Segment previous = unstored.put(receipt.traceId(), segment);
                if (previous != null) {
                    release(previous); // the same trace id again: its newer line covers it
                }
                if (segment.size >= segmentBytes) {
                    seal(segment);
                }
                failing = false;
            } catch (IOException | RuntimeException e) {
                failing = true;
                failedAt = System.nanoTime();
                failed(receipt, e);
                closeCurrent(); // reopen on the next append, the disk may have recovered
            }
        }
    }

    /** The receipts are in the database or the spill file: their journal lines are no longer needed. */
    void stored(List<Receipt> receipts) {
        for (Receipt receipt : receipts) {
            Segment segment = unstored.remove(receipt.traceId());
            if (segment != null) {
                release(segment);
            }
        }
    }

    /**
     * Hands every line of the segments already on disk to {@code sink}, in batches of at most
     * {@code batchSize}, deleting each segment once the sink has taken all of it. Call before the
     * first {@link #append}. A segment whose sink call throws stays for the next start.
     *
     * @return the number of receipts handed to the sink
     */
    synchronized long replay(int batchSize, Consumer<List<Receipt>> sink) throws IOException {
        List<Path> segments = existingSegments();
        for (Path segment : segments) {
            nextNumber = Math.max(nextNumber, number(segment) + 1); // never reuse a replayed segment's name
        }
        long count = 0;
        for (Path segment : segments) {
            count += replayOne(segment, batchSize, sink);
            Files.delete(segment);
        }
        return count;
    }

    /** Forces the open segment to disk; then deletes every segment whose receipts are all stored. */
    @Override
    public void close() {
        fsync.shutdown(); // not shutdownNow: an interrupt during force() would close the channel
        synchronized (this) {
            closed = true;
            Segment segment = current;
            if (segment != null) {
                forceQuietly(segment);
                seal(segment);
            }
        }
    }

    private void force() {
        Segment segment;
        synchronized (this) {
            segment = current;
        }
        if (segment != null && segment.dirty) {
            segment.dirty = false;
            forceQuietly(segment); // FileChannel.force may run beside writes of other threads
        }
    }

    private void forceQuietly(Segment segment) {
        try {
            if (segment.channel.isOpen()) {
                segment.channel.force(false);
            }
        } catch (java.nio.channels.ClosedChannelException e) {
            // sealed meanwhile: seal forced it before closing
        } catch (IOException | RuntimeException e) {
            failureWarning.warn("Forcing receipt journal {} to disk failed: {}", segment.path, e.toString());
        }
    }

    private Segment openSegment() throws IOException {
        if (current == null) {
            Files.createDirectories(dir);
            nextNumber = Math.max(nextNumber, highestNumber() + 1);
            Path path = dir.resolve("receipts-" + nextNumber++ + ".journal");
            current = new Segment(path, FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        }
        return current;
    }

    /** No more appends to it: closed, and deleted as soon as (or if already) all its receipts are stored. */
    private void seal(Segment segment) {
        if (segment == current) {
            current = null;
        }
        if (segment.dirty) {
            segment.dirty = false;
            forceQuietly(segment); // a sealed segment is no longer forced by the timer
        }
        closeChannel(segment);
        segment.sealed = true;
        deleteIfDone(segment);
    }

    private void release(Segment segment) {
        if (segment.unstored.decrementAndGet() <= 0 && segment.sealed) {
            deleteIfDone(segment);
        }
    }

    private void deleteIfDone(Segment segment) {
        if (segment.unstored.get() > 0) {
            return;
        }
        try {
            Files.deleteIfExists(segment.path);
        } catch (IOException e) {
            failureWarning.warn("Deleting the stored receipt journal segment {} failed: {}", segment.path, e.toString());
        }
    }

    private void closeCurrent() {
        if (current != null) {
            closeChannel(current);
            current.sealed = true; // kept on disk: it holds receipts not yet stored
            current = null;
        }
    }

    private static void closeChannel(Segment segment) {
        try {
            segment.channel.close();
        } catch (IOException e) {
            LOG.warn("Closing receipt journal {} failed: {}", segment.path, e.toString());
        }
    }

    private void failed(Receipt receipt, Exception e) {
        onFailure.run();
        failureWarning.warn("Receipt journal {} could not take receipt {} ({}); it is queued but not protected against a crash",
                dir, receipt.traceId(), e.toString());
    }

    private long replayOne(Path segment, int batchSize, Consumer<List<Receipt>> sink) throws IOException {
        long count = 0;
        int bad = 0;
        List<Receipt> batch = new ArrayList<>(batchSize);
        try (BufferedReader in = Files.newBufferedReader(segment, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    batch.add(ReceiptJson.mapper().readValue(line, Receipt.class));
                } catch (IOException | RuntimeException e) {
                    bad++; // a line cut short by a machine crash
                }
                if (batch.size() >= batchSize) {
                    sink.accept(List.copyOf(batch));
                    count += batch.size();
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            sink.accept(List.copyOf(batch));
            count += batch.size();
        }
        if (bad > 0) {
            LOG.warn("{} unreadable lines in receipt journal {} were skipped", bad, segment);
        }
        return count;
    }

    private List<Path> existingSegments() throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "receipts-*.journal")) {
            for (Path entry : entries) {
                if (number(entry) > 0) {
                    found.add(entry);
                }
            }
        }
        found.sort((a, b) -> Long.compare(number(a), number(b)));
        return found;
    }

    private long highestNumber() throws IOException {
        long highest = 0;
        for (Path segment : existingSegments()) {
            highest = Math.max(highest, number(segment));
        }
        return highest;
    }

    private static long number(Path segment) {
        Matcher m = SEGMENT.matcher(segment.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }
}
