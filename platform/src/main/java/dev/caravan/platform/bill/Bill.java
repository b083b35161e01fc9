package dev.caravan.platform.bill;

import java.math.BigDecimal;
import java.util.List;

/**
 * A priced month: one line per model (and per image model), the exact total, the log storage
 * estimate, and the problems that kept a line unpriced (a model with no price row).
 *
 * @param catalogVersion the pricing catalog's version line
 * @param problems       e.g. {@code line 9: models[1].model: no price row for acme/unknown on 2026-12-07}
 */
public record Bill(BillScenario scenario, String catalogVersion, List<Line> lines, BigDecimal total, LogStorage storage,
        List<String> problems) {

    public Bill {
        lines = List.copyOf(lines);
        problems = List.copyOf(problems);
    }

    /**
     * One model's month.
     *
     * @param kind          {@code model} or {@code images}
     * @param priceId       the row used, null when unpriced
     * @param requests      first tries (requests whose model mix put them here)
     * @param retryCalls    extra tries on this model
     * @param fallbackCalls tries that fell back to this model from another
     * @param cost          exact USD, null when unpriced (never in the total then)
     */
    public record Line(String kind, String provider, String model, String priceId, BigDecimal requests, BigDecimal retryCalls,
            BigDecimal fallbackCalls, BigDecimal images, BigDecimal inputTokens, BigDecimal outputTokens, BigDecimal cost) {
    }

    /**
     * @param rowsPerMonth     one receipt (and one request-log entry unless logging is off) per request
     * @param bytesPerRequest  stored per request: the operator's figure or the documented assumption
     * @param assumed          true when {@code bytesPerRequest} is the assumption
     * @param bytesPerMonth    {@code rowsPerMonth × bytesPerRequest}, whole bytes
     * @param bytesKept        at steady state, {@code bytesPerMonth × retention_days / 30}, whole bytes
     */
    public record LogStorage(BigDecimal rowsPerMonth, long bytesPerRequest, boolean assumed, BigDecimal bytesPerMonth,
            BigDecimal bytesKept, long retentionDays, String mode) {
    }
}
