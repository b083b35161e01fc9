package dev.caravan.platform.config;

import java.math.BigDecimal;

/**
 * The parts of a price row beyond the plain token prices, each {@code null} where the provider
 * publishes none. Per million tokens, USD.
 *
 * @param cacheWrite1hPerMtok      prompt tokens written to a one-hour cache (Anthropic); the row's
 *                                 {@code cache_write} is the five-minute price
 * @param batchInputPerMtok        input tokens sent through the provider's batch API
 * @param batchOutputPerMtok       output tokens from the provider's batch API
 * @param longContextAboveTokens   prompt size above which the whole request is billed at the
 *                                 {@code *_above} prices (Gemini, Anthropic 1M context); 0 when none
 * @param inputAbovePerMtok        uncached prompt tokens of a request above that size
 * @param cachedInputAbovePerMtok  cached prompt tokens of such a request
 * @param outputAbovePerMtok       completion tokens of such a request
 */
public record PriceTiers(
        BigDecimal cacheWrite1hPerMtok,
        BigDecimal batchInputPerMtok,
        BigDecimal batchOutputPerMtok,
        long longContextAboveTokens,
        BigDecimal inputAbovePerMtok,
        BigDecimal cachedInputAbovePerMtok,
        BigDecimal outputAbovePerMtok) {

    public static final PriceTiers NONE = new PriceTiers(null, null, null, 0, null, null, null);

    public boolean hasLongContext() {
        return longContextAboveTokens > 0 && inputAbovePerMtok != null && outputAbovePerMtok != null;
    }
}
