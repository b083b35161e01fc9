package dev.caravan.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's segments: rotated by size, deleted once all their receipts are stored, replayed whole. */
class ReceiptJournalTest {

    @TempDir
    Path dir;

    @Test
    void should_delete_a_sealed_segment_only_once_every_receipt_in_it_is_stored() throws IOException {
        List<Receipt> all = IntStream.range(0, 20).mapToObj(i -> TestReceipts.full("seg-" + i)).toList();
        ReceiptJournal journal = new ReceiptJournal(dir, Duration.ofMillis(50), 4_000, () -> { });
        all.forEach(journal::append);
        int written = segments().size();
        assertTrue(written >= 4, "rotated by size: " + segments());

        journal.stored(all.subList(1, 20)); // seg-0 is not stored yet: its segment stays
        assertEquals(1, segments().size(), segments().toString());
        assertTrue(Files.readString(segments().get(0)).contains("\"seg-0\""));

        journal.stored(all.subList(0, 1));
        journal.close();
        assertEquals(List.of(), segments());
    }

    @Test
    void should_replay_every_segment_in_order_skipping_a_line_cut_short() throws IOException {
        ReceiptJournal first = new ReceiptJournal(dir, Duration.ofMillis(50), 4_000, () -> { });
        IntStream.range(0, 12).forEach(i -> first.append(TestReceipts.full("replay-" + i)));
        Path last = segments().get(segments().size() - 1);
        Files.writeString(last, "{\"trace_id\":\"cut-sh", StandardCharsets.UTF_8, StandardOpenOption.APPEND); // a machine crash mid-line

        ReceiptJournal second = new ReceiptJournal(dir, Duration.ofMillis(50), 4_000, () -> { });
        List<String> replayed = new ArrayList<>();
        long count = second.replay(5, batch -> batch.forEach(r -> replayed.add(r.traceId())));

        assertEquals(12, count);
        assertEquals(IntStream.range(0, 12).mapToObj(i -> "replay-" + i).toList(), replayed);
        assertEquals(List.of(), segments());
        second.append(TestReceipts.full("after"));
        assertTrue(number(segments().get(0)) > number(last), "new segments are numbered after the replayed ones: " + segments());
        second.close();
        first.close();
    }

    @Test
    void should_keep_segments_whose_replay_failed_for_the_next_start() throws IOException {
        ReceiptJournal first = new ReceiptJournal(dir, Duration.ofMillis(50), 1 << 20, () -> { });
        first.append(TestReceipts.full("kept"));
        ReceiptJournal second = new ReceiptJournal(dir, Duration.ofMillis(50), 1 << 20, () -> { });
        AtomicInteger calls = new AtomicInteger();
        try {
            second.replay(10, batch -> {
                calls.incrementAndGet();
                throw new IllegalStateException("database down");
            });
        } catch (IllegalStateException expected) {
            // the writer logs it and starts anyway
        }
        assertEquals(1, calls.get());
        assertEquals(1, segments().size());
        first.close();
        second.close();
    }

    @Test
    void should_count_receipts_it_cannot_take_and_never_throw_when_the_journal_is_unwritable() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("occupied"), "a file where the journal's folder should be");
        AtomicInteger unjournaled = new AtomicInteger();
        ReceiptJournal journal = new ReceiptJournal(notADirectory, Duration.ofMillis(50), 1 << 20, unjournaled::incrementAndGet);

        journal.append(TestReceipts.full("no-room-1"));
        journal.append(TestReceipts.full("no-room-2")); // within the retry pause: counted without another try
        journal.stored(List.of(TestReceipts.full("no-room-1")));
        journal.close();

        assertEquals(2, unjournaled.get());
        assertEquals(List.of(), segments());
    }

    private List<Path> segments() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".journal")).sorted((a, b) -> Long.compare(number(a), number(b))).toList();
        }
    }

    private static long number(Path segment) {
        return Long.parseLong(segment.getFileName().toString().replaceAll("\\D", ""));
    }
}
