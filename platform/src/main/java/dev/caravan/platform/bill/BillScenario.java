package dev.caravan.platform.bill;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A month of traffic to price: each model's monthly requests and token totals, the share of tries
 * repeated (retries) and moved to a fallback target, image calls, and the log volume. Token and
 * request totals are exact decimals (a share of a million requests need not be whole). Built from a
 * scenario file ({@link ScenarioFile}) or from recorded usage ({@link UsageScenario}).
 *
 * @param name         what the scenario describes
 * @param approver     who signs the estimate off
 * @param priceDate    the UTC day whose price rows apply
 * @param retryRate    extra tries per request on the same target, each priced as a full call
 * @param fallbackRate share of requests that also call their fallback target, priced at its row
 * @param source       where the figures came from (a file, or the usage report's period)
 */
public record BillScenario(String name, String approver, LocalDate priceDate, BigDecimal retryRate, BigDecimal fallbackRate,
        List<ModelLoad> models, List<ImageLoad> images, LogLoad logs, String source) {

    public BillScenario {
        models = List.copyOf(models);
        images = List.copyOf(images);
    }

    /** All requests of the month (retries and fallbacks are tries inside a request, not requests). */
    public BigDecimal monthlyRequests() {
        return models.stream().map(ModelLoad::requests).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /**
     * One model's month.
     *
     * @param provider         catalog provider or configured provider id; null to look the model up alone
     * @param inputTokens      prompt tokens of all its first tries (cached ones included)
     * @param cachedTokens     the part of {@code inputTokens} read from the provider's cache
     * @param fallbackProvider where its fallback tries go (null with a null model: the same row)
     * @param where            {@code line 9: models[1].model} for a file's problems, null for usage
     */
    public record ModelLoad(String provider, String model, BigDecimal requests, BigDecimal inputTokens, BigDecimal outputTokens,
            BigDecimal cachedTokens, String fallbackProvider, String fallbackModel, String where) {
    }

    /** Images generated a month by one model. */
    public record ImageLoad(String provider, String model, BigDecimal images, String where) {
    }

    /**
     * What the gateway stores per request.
     *
     * @param mode             {@code off}, {@code metadata_only}, {@code redacted} or {@code full}
     * @param bytesPerRequest  the operator's own figure, or null for the documented assumption
     */
    public record LogLoad(String mode, long retentionDays, Long bytesPerRequest) {
    }
}
