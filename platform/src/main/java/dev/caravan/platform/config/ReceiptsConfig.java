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
 */
public record ReceiptsConfig(int queueCapacity, int batchSize, Duration flushInterval, Path spillFile,
        dev.caravan.platform.config.EvidenceConfig evidence) {

    /** With the evidence chain's defaults: its key beside the spill file. */
    public ReceiptsConfig(int queueCapacity, int batchSize, Duration flushInterval, Path spillFile) {
        this(queueCapacity, batchSize, flushInterval, spillFile,
                dev.caravan.platform.config.EvidenceConfig.defaults(spillFile.resolveSibling("evidence-ed25519.pem")));
    }
}
