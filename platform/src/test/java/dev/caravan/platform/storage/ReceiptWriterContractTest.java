package dev.caravan.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.config.ReceiptsConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The asynchronous receipt writer against a real database: batching, overflow to the spill file,
 * replay at the next start, database failure. Run per database by {@link H2ReceiptWriterContractTest}
 * and {@link PostgresReceiptWriterContractTest}.
 */
abstract class ReceiptWriterContractTest extends DatabaseContract {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;
    private Path spill;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void newRegistry() {
        spill = temp.resolve("data/receipts-spill.jsonl");
        registry = new SimpleMeterRegistry();
    }

    @Test
    void should_write_every_receipt_in_batches_when_10000_submitted() throws Exception {
        try (ReceiptWriter writer = new ReceiptWriter(receipts, TestReceipts.config(spill, 65_536, 500), registry)) {
            writer.start();

            submitConcurrently(writer, 10_000, 4);

            assertTrue(writer.flush(WAIT), "flush timed out");
            assertEquals(10_000, count("receipts"));
            assertEquals(10_000, counter("caravan.receipts.written"));
            assertEquals(0, counter("caravan.receipts.spilled"));
            DistributionSummary batches = registry.get("caravan.receipts.batch.size").summary();
            assertTrue(batches.count() < 1_000, "batches: " + batches.count());
            assertTrue(batches.max() <= 500, "largest batch: " + batches.max());
            assertEquals(0, registry.get("caravan.receipts.queue").gauge().value());
        }
        assertEquals(TestReceipts.full("t-3-1234"), receipts.find("t-3-1234").orElseThrow());
        assertFalse(Files.exists(spill));
        assertEquals(List.of(), journalSegments(), "every receipt is stored: no journal segment is kept");
    }

    @Test
    void should_replay_the_journal_of_a_writer_that_died_once_when_restarted() throws IOException {
        ReceiptsConfig cfg = TestReceipts.config(spill, 1_000, 100);
        ReceiptWriter died = new ReceiptWriter(receipts, cfg, registry);
        IntStream.range(0, 30).forEach(i -> died.submit(TestReceipts.full("died-" + i))); // queued in memory only
        assertEquals(0, count("receipts"));
        assertEquals(1, journalSegments().size());
        // never closed: as after kill -9, only the journal holds them

        try (ReceiptWriter second = new ReceiptWriter(receipts, cfg, new SimpleMeterRegistry())) {
            second.start();
            assertEquals(30, count("receipts"));
            assertEquals(List.of(), journalSegments(), "the replayed segment is deleted once stored");
            second.submit(TestReceipts.full("died-3")); // already stored: still one row
        }
        try (ReceiptWriter third = new ReceiptWriter(receipts, cfg, new SimpleMeterRegistry())) {
            third.start();
        }
        assertEquals(30, count("receipts"));
        assertEquals(TestReceipts.full("died-17"), receipts.find("died-17").orElseThrow());
        assertEquals(List.of(), journalSegments());
    }

    @Test
    void should_write_queued_receipts_when_closed() {
        ReceiptWriter writer = new ReceiptWriter(receipts, TestReceipts.config(spill, 1_000, 100), registry);
        writer.start();
        IntStream.range(0, 250).forEach(i -> writer.submit(TestReceipts.full("close-" + i)));

        writer.close();

        assertEquals(250, count("receipts"));
    }

    @Test
    void should_spill_overflow_and_replay_it_once_when_restarted() throws IOException {
        ReceiptsConfig tiny = TestReceipts.config(spill, 4, 2);
        ReceiptWriter first = new ReceiptWriter(receipts, tiny, registry);
        for (int i = 0; i < 50; i++) {
            first.submit(TestReceipts.full("over-" + i)); // not started: 4 queued, the rest overflow
        }
        for (int i = 0; i < 10; i++) {
            first.submit(TestReceipts.full("over-" + i)); // replayed duplicates must not matter
        }
        assertEquals(56, counter("caravan.receipts.spilled"));
        first.close();
        assertEquals(4, count("receipts"));
        assertEquals(56, Files.readAllLines(spill).size());

        try (ReceiptWriter second = new ReceiptWriter(receipts, tiny, new SimpleMeterRegistry())) {
            second.start();
        }
        assertEquals(50, count("receipts"));
        assertFalse(Files.exists(spill));
        assertEquals(TestReceipts.full("over-42"), receipts.find("over-42").orElseThrow());

        try (ReceiptWriter third = new ReceiptWriter(receipts, tiny, new SimpleMeterRegistry())) {
            third.start();
        }
        assertEquals(50, count("receipts"));
    }

    @Test
    void should_lose_nothing_when_queue_overflows_under_load() throws Exception {
        ReceiptsConfig tiny = TestReceipts.config(spill, 16, 8);
        try (ReceiptWriter writer = new ReceiptWriter(receipts, tiny, registry)) {
            writer.start();
            submitConcurrently(writer, 4_000, 4);
            assertTrue(writer.flush(WAIT), "flush timed out");
        }
        assertEquals(4_000, counter("caravan.receipts.written") + counter("caravan.receipts.spilled"));
        assertEquals((long) counter("caravan.receipts.written"), count("receipts"));

        try (ReceiptWriter restarted = new ReceiptWriter(receipts, tiny, new SimpleMeterRegistry())) {
            restarted.start();
        }
        assertEquals(4_000, count("receipts"));
    }

    @Test
    void should_spill_batch_when_database_is_down() {
        ReceiptsConfig cfg = TestReceipts.config(spill, 1_000, 100);
        try (ReceiptWriter writer = new ReceiptWriter(receipts, cfg, registry)) {
            writer.start();
            storage.close(); // every connection attempt now fails

            IntStream.range(0, 10).forEach(i -> writer.submit(TestReceipts.failedEarly("down-" + i)));

            assertTrue(writer.flush(WAIT), "flush timed out");
            assertEquals(10, counter("caravan.receipts.spilled"));
            assertEquals(0, counter("caravan.receipts.written"));
        }

        reopen();
        try (ReceiptWriter restarted = new ReceiptWriter(receipts, cfg, new SimpleMeterRegistry())) {
            restarted.start();
        }
        assertEquals(10, count("receipts"));
        assertEquals(TestReceipts.failedEarly("down-3"), receipts.find("down-3").orElseThrow());
    }

    private List<Path> journalSegments() throws IOException {
        Path dir = ReceiptsConfig.defaultJournalDir(spill);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".journal")).toList();
        }
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    /** Submits {@code total} receipts ({@code t-<thread>-<n>}) from {@code threads} threads at once. */
    private static void submitConcurrently(ReceiptWriter writer, int total, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < total / threads; i++) {
                        writer.submit(TestReceipts.full("t-" + thread + "-" + i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
