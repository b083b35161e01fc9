package dev.caravan.platform.storage;

import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receipts that could not go to the database (queue full, database failing), one JSON object per
 * line. {@link #replay} moves the file aside to {@code <file>.replaying} before reading it, so
 * receipts spilled meanwhile start a fresh file and nothing is read twice or missed; lines that
 * cannot be parsed are kept in {@code <file>.rejected} for the operator.
 */
final class SpillFile {

    private static final Logger LOG = LoggerFactory.getLogger(SpillFile.class);

    private final Path path;
    private final Path replaying;
    private final Path rejected;
    private final ObjectWriter writer = ReceiptJson.mapper().writerFor(Receipt.class);
    private BufferedWriter out; // guarded by this; opened on the first spill

    SpillFile(Path path) {
        this.path = path.toAbsolutePath();
        this.replaying = sibling(this.path, ".replaying");
        this.rejected = sibling(this.path, ".rejected");
    }

    Path path() {
        return path;
    }

    /** Appends the receipts and flushes them to the operating system before returning. */
    synchronized void append(List<Receipt> receipts) throws IOException {
        if (out == null) {
            Files.createDirectories(path.getParent());
            out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        try {
            for (Receipt receipt : receipts) {
                out.write(writer.writeValueAsString(receipt));
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            closeQuietly(); // reopen on the next spill, the disk may have recovered
            throw e;
        }
    }

    synchronized void close() {
        closeQuietly();
    }

    /**
     * Hands every spilled receipt to {@code sink} in batches of at most {@code batchSize}, then
     * deletes the file. If {@code sink} throws, the remaining receipts stay on disk for the next
     * replay (the sink must tolerate receipts it has already stored).
     *
     * @return the number of receipts handed to the sink
     */
    long replay(int batchSize, Consumer<List<Receipt>> sink) throws IOException {
        long count = 0;
        if (Files.exists(replaying)) {
            count += replayFile(batchSize, sink); // left over from an interrupted replay
        }
        synchronized (this) {
            if (!Files.exists(path)) {
                return count;
            }
            closeQuietly();
            Files.move(path, replaying, StandardCopyOption.ATOMIC_MOVE);
        }
        return count + replayFile(batchSize, sink);
    }

    private long replayFile(int batchSize, Consumer<List<Receipt>> sink) throws IOException {
        long count = 0;
        List<Receipt> batch = new ArrayList<>(batchSize);
        List<String> bad = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(replaying, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                parse(line, batch, bad);
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
        keepRejected(bad);
        Files.delete(replaying);
        return count;
    }

    private static void parse(String line, List<Receipt> batch, List<String> bad) {
        if (line.isBlank()) {
            return;
        }
        try {
            batch.add(ReceiptJson.mapper().readValue(line, Receipt.class));
        } catch (IOException | RuntimeException e) {
            bad.add(line); // e.g. a line cut short by a crash
        }
    }

    private void keepRejected(List<String> bad) {
        if (bad.isEmpty()) {
            return;
        }
        try {
            Files.write(rejected, bad, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            LOG.warn("{} unreadable lines of the receipt spill file were kept in {}", bad.size(), rejected);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep unreadable spill lines in " + rejected, e);
        }
    }

    private void closeQuietly() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("Closing receipt spill file {} failed: {}", path, e.toString());
        }
        out = null;
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
