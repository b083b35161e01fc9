package dev.caravan.api.budget;

import java.math.BigDecimal;

/**
 * The price a request will most likely be billed at, for worst-case reservations.
 *
 * @param priceId      the catalog row, e.g. {@code openai/gpt-4o-mini@2024-07-18}
 * @param provider     the provider id of the target that prices it
 * @param inputPerMtok USD per million prompt tokens
 * @param outputPerMtok USD per million completion tokens
 * @param perRequest   USD per request (0 for most models)
 */
public record ModelPrice(String priceId, String provider, BigDecimal inputPerMtok, BigDecimal outputPerMtok, BigDecimal perRequest) {}
