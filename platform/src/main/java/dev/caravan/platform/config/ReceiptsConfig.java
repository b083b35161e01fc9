package dev.caravan.platform.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code receipts:} — the asynchronous receipt writer.
 *
 * @param queueCapacity receipts waiting to be written before overflow (default 65536)
 * @param batchSize     rows per database batch (default 500)
 * @param flushInterval longest time a receipt waits before its batch is written (default 200 ms)
 * @param spillFile     where receipts go when the queue is full or the database keeps failing;
 *                      replayed into the database at the next start (default {@code ./data/receipts-spill.jsonl})
 * @param evidence      the tamper-evident chain over stored receipts ({@code receipts.evidence})
 * @param journalDir    the append-only journal every receipt is written to before its answer's last
 *                      byte, replayed at the next start (default {@code receipts-journal} beside the spill file)
 * @param journalFsync  how often the journal is forced to disk: what a machine crash can lose (default 200 ms)
 */
public record ReceiptsConfig(int queueCapacity, int batchSize, Duration flushInterval, Path spillFile,
        dev.caravan.platform.config.EvidenceConfig evidence, Path journalDir, Duration journalFsync) {

    /** With the evidence chain's defaults: its key beside the spill file. */
    public ReceiptsConfig(int queueCapacity, int batchSize, Duration flushInterval, Path spillFile) {
        this(queueCapacity, batchSize, flushInterval, spillFile,
                dev.caravan.platform.config.EvidenceConfig.defaults(spillFile.resolveSibling("evidence-ed25519.pem")));
    }

    /** With the journal's defaults: {@code receipts-journal} beside the spill file, forced every 200 ms. */
    public ReceiptsConfig(int queueCapacity, int batchSize, Duration flushInterval, Path spillFile,
            dev.caravan.platform.config.EvidenceConfig evidence) {
        this(queueCapacity, batchSize, flushInterval, spillFile, evidence, defaultJournalDir(spillFile), DEFAULT_JOURNAL_FSYNC);
    }

    public static final Duration DEFAULT_JOURNAL_FSYNC = Duration.ofMillis(200);

    public static Path defaultJournalDir(Path spillFile) {
        return spillFile.resolveSibling("receipts-journal");
    }
}
