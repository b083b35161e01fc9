package dev.caravan.platform.config;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One price list entry: what a provider charges for a model from a date on. Amounts are exact
 * decimals in USD; token prices are per million tokens.
 *
 * @param provider           catalog provider name ({@code openai}, {@code anthropic}...) or a configured provider id
 * @param model              the upstream model name
 * @param inputPerMtok       uncached prompt tokens
 * @param cachedInputPerMtok prompt tokens read from the provider's cache
 * @param cacheWritePerMtok  prompt tokens written to the provider's cache
 * @param outputPerMtok      completion tokens other than reasoning
 * @param reasoningPerMtok   reasoning (thinking) tokens
 * @param perImage           per generated image, zero when billed by tokens
 * @param perRequest         per request, zero when not billed so
 * @param effective          first day the price applies (UTC)
 * @param source             where the price comes from, for the finance reader
 * @param tiers              1-hour cache writes, batch and long-context prices, where published
 */
public record PriceRow(
        String provider,
        String model,
        BigDecimal inputPerMtok,
        BigDecimal cachedInputPerMtok,
        BigDecimal cacheWritePerMtok,
        BigDecimal outputPerMtok,
        BigDecimal reasoningPerMtok,
        BigDecimal perImage,
        BigDecimal perRequest,
        LocalDate effective,
        String source,
        PriceTiers tiers) {

    /** A row with no batch, one-hour cache or long-context prices. */
    public PriceRow(String provider, String model, BigDecimal inputPerMtok, BigDecimal cachedInputPerMtok,
            BigDecimal cacheWritePerMtok, BigDecimal outputPerMtok, BigDecimal reasoningPerMtok, BigDecimal perImage,
            BigDecimal perRequest, LocalDate effective, String source) {
        this(provider, model, inputPerMtok, cachedInputPerMtok, cacheWritePerMtok, outputPerMtok, reasoningPerMtok,
                perImage, perRequest, effective, source, PriceTiers.NONE);
    }

    public PriceRow {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(inputPerMtok, "inputPerMtok");
        Objects.requireNonNull(outputPerMtok, "outputPerMtok");
        Objects.requireNonNull(effective, "effective");
        cachedInputPerMtok = cachedInputPerMtok == null ? inputPerMtok : cachedInputPerMtok;
        cacheWritePerMtok = cacheWritePerMtok == null ? inputPerMtok : cacheWritePerMtok;
        reasoningPerMtok = reasoningPerMtok == null ? outputPerMtok : reasoningPerMtok;
        perImage = perImage == null ? BigDecimal.ZERO : perImage;
        perRequest = perRequest == null ? BigDecimal.ZERO : perRequest;
        source = source == null ? "" : source;
        tiers = tiers == null ? PriceTiers.NONE : tiers;
    }

    /** Stable id recorded in receipts, e.g. {@code openai/gpt-4o-mini@2024-07-18}. */
    public String id() {
        return provider + "/" + model + "@" + effective;
    }

    /** The same prices from another day on, with another source. */
    public PriceRow from(LocalDate day, String newSource) {
        return new PriceRow(provider, model, inputPerMtok, cachedInputPerMtok, cacheWritePerMtok, outputPerMtok,
                reasoningPerMtok, perImage, perRequest, day, newSource, tiers);
    }
}
