package dev.caravan.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillFileTest {

    @TempDir
    Path temp;

    @Test
    void should_hand_back_every_receipt_in_batches_and_delete_file_when_replayed() throws Exception {
        SpillFile spill = new SpillFile(temp.resolve("data/spill.jsonl"));
        List<Receipt> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            written.add(TestReceipts.full("s-" + i));
        }
        spill.append(written.subList(0, 3));
        spill.append(written.subList(3, 5));

        List<List<Receipt>> batches = new ArrayList<>();
        long count = spill.replay(2, batches::add);

        assertEquals(5, count);
        assertEquals(List.of(written.subList(0, 2), written.subList(2, 4), written.subList(4, 5)), batches);
        assertFalse(Files.exists(spill.path()));
        assertEquals(0, spill.replay(2, batches::add));
    }

    @Test
    void should_keep_unreadable_lines_aside_when_replayed() throws Exception {
        SpillFile spill = new SpillFile(temp.resolve("spill.jsonl"));
        spill.append(List.of(TestReceipts.full("ok-1")));
        Files.writeString(spill.path(), "{\"trace_id\":\"cut-sh", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        List<Receipt> replayed = new ArrayList<>();
        spill.replay(10, replayed::addAll);

        assertEquals(List.of(TestReceipts.full("ok-1")), replayed);
        assertEquals(List.of("{\"trace_id\":\"cut-sh"), Files.readAllLines(temp.resolve("spill.jsonl.rejected")));
    }

    @Test
    void should_keep_file_for_next_start_when_database_fails_during_replay() throws Exception {
        SpillFile spill = new SpillFile(temp.resolve("spill.jsonl"));
        spill.append(List.of(TestReceipts.full("a"), TestReceipts.full("b")));

        assertThrows(StorageException.class, () -> spill.replay(10, batch -> {
            throw new StorageException("database down");
        }));
        spill.append(List.of(TestReceipts.full("c"))); // spilled while the database was down

        List<Receipt> replayed = new ArrayList<>();
        assertEquals(3, spill.replay(10, replayed::addAll));
        assertEquals(List.of("a", "b", "c"), replayed.stream().map(Receipt::traceId).toList());
        assertFalse(Files.exists(temp.resolve("spill.jsonl.replaying")));
    }

    @Test
    void should_write_one_line_per_receipt_when_appending() throws Exception {
        SpillFile spill = new SpillFile(temp.resolve("spill.jsonl"));

        spill.append(List.of(TestReceipts.failedEarly("x"), TestReceipts.full("y")));

        List<String> lines = Files.readAllLines(spill.path());
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("{\"trace_id\":\"x\""), lines.get(0));
    }
}
