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
        // Above a long-context threshold the provider bills the whole request at the higher prices.
        boolean longContext = row.tiers().hasLongContext() && usage.promptTokens() > row.tiers().longContextAboveTokens();
        BigDecimal input = longContext ? row.tiers().inputAbovePerMtok() : row.inputPerMtok();
        BigDecimal output = longContext ? row.tiers().outputAbovePerMtok() : row.outputPerMtok();
        BigDecimal cachedInput = longContext && row.tiers().cachedInputAbovePerMtok() != null
                ? row.tiers().cachedInputAbovePerMtok() : row.cachedInputPerMtok();
        // A reasoning price equal to the output price follows the output into the higher tier.
        BigDecimal reasoningPrice = longContext && row.reasoningPerMtok().compareTo(row.outputPerMtok()) == 0
                ? output : row.reasoningPerMtok();
        long cached = Math.max(0, usage.cachedTokens());
        long cacheWrites = Math.max(0, usage.cacheWriteTokens());
        long plainInput = Math.max(0, usage.promptTokens() - cached - cacheWrites);
        long reasoning = Math.max(0, usage.reasoningTokens());
        long plainOutput = Math.max(0, usage.completionTokens() - reasoning);
        BigDecimal total = perMillion(plainInput, input)
                .add(perMillion(cached, cachedInput))
                .add(perMillion(cacheWrites, row.cacheWritePerMtok()))
                .add(perMillion(plainOutput, output))
                .add(perMillion(reasoning, reasoningPrice))
                .add(row.perImage().multiply(BigDecimal.valueOf(images)))
                .add(row.perRequest());
        return new Cost(total.stripTrailingZeros().scale() < 0 ? total.setScale(0) : total.stripTrailingZeros(), row.id());
    }

    private static BigDecimal perMillion(long tokens, BigDecimal pricePerMillion) {
        return BigDecimal.valueOf(tokens).multiply(pricePerMillion).movePointLeft(6);
    }
}
