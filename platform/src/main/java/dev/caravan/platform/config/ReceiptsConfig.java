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
 */
public record ReceiptsConfig(int queueCapacity, int batchSize, Duration flushInterval, Path spillFile) {}
