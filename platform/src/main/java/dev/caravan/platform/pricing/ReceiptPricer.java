package dev.caravan.platform.pricing;

import dev.caravan.platform.config.PriceRow;

import dev.caravan.api.Usage;
import dev.caravan.platform.storage.Receipt;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Fills in a finished receipt's cost from the catalog: the target that served (the last attempt that
 * was served, or aborted by the client after serving began, since tokens streamed so far are billed)
 * priced by the row in effect on the request's day (UTC). Runs once per request, in memory, before
 * the receipt is queued for writing.
 */
public final class ReceiptPricer {

    private final PricingCatalog catalog;

    public ReceiptPricer(PricingCatalog catalog) {
        this.catalog = catalog;
    }

    public Receipt price(Receipt receipt, Usage usage) {
        return price(receipt, usage, 0);
    }

    /** {@code images}: images the served answer holds, billed by rows with a {@code per_image} price. */
    public Receipt price(Receipt receipt, Usage usage, long images) {
        Optional<Receipt.Attempt> served = servedAttempt(receipt.attempts());
        if (served.isEmpty()) {
            return receipt;
        }
        LocalDate day = receipt.receivedAt().atOffset(ZoneOffset.UTC).toLocalDate();
        Optional<PriceRow> row = catalog.find(served.get().provider(), served.get().model(), day);
        if (row.isEmpty()) {
            return receipt.priced(usage.cacheWriteTokens(), null, null, Receipt.UNPRICED);
        }
        Cost cost = CostCalculator.cost(row.get(), usage, images);
        return receipt.priced(usage.cacheWriteTokens(), cost.usd(), cost.priceId(), Receipt.PRICED);
    }

    private static Optional<Receipt.Attempt> servedAttempt(List<Receipt.Attempt> attempts) {
        for (int i = attempts.size() - 1; i >= 0; i--) {
            String decision = attempts.get(i).decision();
            if ("served".equals(decision) || (decision != null && decision.startsWith("aborted"))) {
                return Optional.of(attempts.get(i));
            }
        }
        return Optional.empty();
    }
}
