package dev.caravan.platform.storage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The receipts the writer has accepted but the database does not hold yet, so a client can read its
 * receipt right after the response. A receipt leaves as soon as its batch is committed (the
 * database answers from then on), which keeps the live heap at the size of the queue rather than
 * of the last ten thousand requests. Receipts that went to the spill file stay readable here for a
 * while instead: they reach the database only when the spill file is replayed at the next start.
 */
final class UnwrittenReceipts {

    private final Map<String, Receipt> pending = new ConcurrentHashMap<>();
    private final Cache<String, Receipt> spilled = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(2))
            .build();

    void accepted(Receipt receipt) {
        pending.put(receipt.traceId(), receipt);
    }

    /** Call after the batch is committed: the database finds these receipts from now on. */
    void written(List<Receipt> batch) {
        for (Receipt receipt : batch) {
            pending.remove(receipt.traceId());
        }
    }

    /** Call after the batch went to the spill file (it is in no database until the next start). */
    void spilled(List<Receipt> batch) {
        for (Receipt receipt : batch) {
            spilled.put(receipt.traceId(), receipt);
            pending.remove(receipt.traceId());
        }
    }

    /** Forgets receipts that neither the database nor the spill file took. */
    void lost(List<Receipt> batch) {
        written(batch);
    }

    Optional<Receipt> find(String traceId) {
        Receipt receipt = pending.get(traceId);
        return Optional.ofNullable(receipt != null ? receipt : spilled.getIfPresent(traceId));
    }

    int size() {
        return pending.size();
    }
}
