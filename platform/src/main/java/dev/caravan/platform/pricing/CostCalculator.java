package dev.caravan.platform.pricing;

import dev.caravan.platform.config.PriceRow;

import dev.caravan.api.Usage;
import java.math.BigDecimal;

/**
 * Turns usage into money with exact decimal arithmetic: each token class times its price per
 * million, plus per-image and per-request charges. No rounding happens here; receipts keep the exact
 * amount and sums stay exact.
 *
 * <p>Token classes follow {@link Usage}: {@code promptTokens} includes cached reads and cache writes,
 * {@code completionTokens} includes reasoning tokens, so each is subtracted once before pricing the
 * rest at the plain input or output price.
 */
public final class CostCalculator {

    private CostCalculator() {}

    public static Cost cost(PriceRow row, Usage usage, long images) {
        long cached = Math.max(0, usage.cachedTokens());
        long cacheWrites = Math.max(0, usage.cacheWriteTokens());
        long plainInput = Math.max(0, usage.promptTokens() - cached - cacheWrites);
        long reasoning = Math.max(0, usage.reasoningTokens());
        long plainOutput = Math.max(0, usage.completionTokens() - reasoning);
        BigDecimal total = perMillion(plainInput, row.inputPerMtok())
                .add(perMillion(cached, row.cachedInputPerMtok()))
                .add(perMillion(cacheWrites, row.cacheWritePerMtok()))
                .add(perMillion(plainOutput, row.outputPerMtok()))
                .add(perMillion(reasoning, row.reasoningPerMtok()))
                .add(row.perImage().multiply(BigDecimal.valueOf(images)))
                .add(row.perRequest());
        return new Cost(total.stripTrailingZeros().scale() < 0 ? total.setScale(0) : total.stripTrailingZeros(), row.id());
    }

    private static BigDecimal perMillion(long tokens, BigDecimal pricePerMillion) {
        return BigDecimal.valueOf(tokens).multiply(pricePerMillion).movePointLeft(6);
    }
}
