package dev.caravan.platform.reconcile;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One line of a provider's bill, in the provider's own terms: a UTC day, the model the provider
 * names, and whatever the export carries (tokens, money, or both). Absent figures are null, not
 * zero, so a cost-only export does not read as "zero tokens billed".
 *
 * @param project          the provider's project id, when the export is grouped by it
 * @param apiKeyId         the provider's API key id, when the export is grouped by it
 * @param cachedInputCost  true when this line is a charge for cached input tokens
 * @param batch            true when this line is batch API usage or a batch charge
 */
public record BillRow(LocalDate day, String model, String project, String apiKeyId, Long inputTokens,
        Long cachedInputTokens, Long outputTokens, BigDecimal costUsd, boolean cachedInputCost, boolean batch) {

    public BillRow {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(model, "model");
    }
}
