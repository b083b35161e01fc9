package dev.caravan.platform.reconcile;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What the gateway recorded for one provider, UTC day and upstream model: receipt totals, the
 * number of receipts without a price, and the lowest and highest price row id used (they differ
 * when the price list changed within the day).
 */
public record RecordedRow(LocalDate day, String model, long requests, long inputTokens, long cachedInputTokens,
        long outputTokens, BigDecimal costUsd, long unpriced, String firstPriceId, String lastPriceId) {

    RecordedRow plus(RecordedRow o) {
        return new RecordedRow(day, model, requests + o.requests, inputTokens + o.inputTokens,
                cachedInputTokens + o.cachedInputTokens, outputTokens + o.outputTokens, costUsd.add(o.costUsd),
                unpriced + o.unpriced, min(firstPriceId, o.firstPriceId), max(lastPriceId, o.lastPriceId));
    }

    private static String min(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }

    private static String max(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }
}
