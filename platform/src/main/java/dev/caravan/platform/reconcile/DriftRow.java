package dev.caravan.platform.reconcile;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One day and model of a reconciliation. Bill figures are null when the export does not carry them
 * (a Costs export has no tokens, a Usage export no money); a drift is bill minus recorded, its
 * percentage relative to the bill, null when the bill is zero and the receipts are not.
 */
public record DriftRow(LocalDate day, String model, Long billTokens, Long billCachedTokens, BigDecimal billCostUsd,
        RecordedRow recorded, Long tokenDrift, BigDecimal tokenDriftPct, BigDecimal costDriftUsd, BigDecimal costDriftPct,
        boolean flagged, List<Cause> causes) {

    /** A known reason for drift the data shows, with the figures that show it. */
    public record Cause(String id, String detail) {
    }

    public long recordedTokens() {
        return recorded.inputTokens() + recorded.outputTokens();
    }
}
