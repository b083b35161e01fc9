package dev.caravan.platform.reconcile;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The known causes of drift that the two sides show by themselves. Each names the figures, so the
 * reader can check it rather than trust it.
 */
final class DriftCauses {

    private DriftCauses() {
    }

    static List<DriftRow.Cause> of(Long billTokens, Long billCached, BigDecimal billCost, boolean cachedCostLine, boolean batch,
            RecordedRow r, boolean billed) {
        List<DriftRow.Cause> causes = new ArrayList<>();
        boolean billedSomething = (billTokens != null && billTokens > 0) || (billCost != null && billCost.signum() > 0);
        if (billed && billedSomething && r.requests() == 0) {
            causes.add(new DriftRow.Cause("bypassed-gateway",
                    "the provider billed this day and model but the gateway has no receipt for it: traffic that did not go through Caravan"));
        }
        if (!billed && r.requests() > 0) {
            causes.add(new DriftRow.Cause("not-billed", r.requests() + " receipt(s) with no bill line: another account or project,"
                    + " or outside the export's period"));
        }
        if (billCached != null && billCached != r.cachedInputTokens()) {
            causes.add(new DriftRow.Cause("cached-input", "the bill counts " + billCached + " cached input tokens, the receipts "
                    + r.cachedInputTokens() + "; cached input is priced lower than input"));
        } else if (cachedCostLine && r.cachedInputTokens() == 0 && r.requests() > 0) {
            causes.add(new DriftRow.Cause("cached-input", "the bill charges cached input, the receipts record no cached tokens"));
        }
        if (batch) {
            causes.add(new DriftRow.Cause("batch", "the bill includes Batch API usage, billed at a discount and not sent through the gateway"));
        }
        if (r.firstPriceId() != null && !r.firstPriceId().equals(r.lastPriceId())) {
            causes.add(new DriftRow.Cause("price-change", "receipts priced with " + r.firstPriceId() + " and " + r.lastPriceId()
                    + ": the price list changed within the period"));
        } else if (r.firstPriceId() != null && effective(r.firstPriceId()).isAfter(r.day())) {
            causes.add(new DriftRow.Cause("price-change", "receipts priced with " + r.firstPriceId() + ", dated after the bill day"));
        }
        if (r.unpriced() > 0) {
            causes.add(new DriftRow.Cause("unpriced", r.unpriced() + " receipt(s) without a price row: the recorded cost leaves them out"));
        }
        return causes;
    }

    /** A price id reads {@code provider/model@YYYY-MM-DD} (PriceRow#id). */
    private static java.time.LocalDate effective(String priceId) {
        int at = priceId.lastIndexOf('@');
        try {
            return java.time.LocalDate.parse(priceId.substring(at + 1));
        } catch (RuntimeException e) {
            return java.time.LocalDate.MIN;
        }
    }
}
