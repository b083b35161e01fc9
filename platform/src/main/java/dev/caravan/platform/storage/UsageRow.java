package dev.caravan.platform.storage;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.math.BigDecimal;

/**
 * Totals of one period and group in a usage report. {@code costUsd} is the exact sum of the priced
 * receipts (a JSON string, never a float); {@code unpricedRequests} says how many served requests
 * had no price row and so are missing from it.
 *
 * @param period  {@code 2026-11-24} (day) or {@code 2026-11} (month), UTC
 * @param group   the tenant, key id, alias, provider or model; null when not grouped, {@code (none)}
 *                for requests no target served
 */
public record UsageRow(
        String period,
        String group,
        long requests,
        long promptTokens,
        long completionTokens,
        long cachedTokens,
        long reasoningTokens,
        @JsonSerialize(using = PlainDecimal.class) BigDecimal costUsd,
        long unpricedRequests) {

    UsageRow plus(UsageRow other) {
        return new UsageRow(period, group, requests + other.requests, promptTokens + other.promptTokens,
                completionTokens + other.completionTokens, cachedTokens + other.cachedTokens,
                reasoningTokens + other.reasoningTokens, costUsd.add(other.costUsd), unpricedRequests + other.unpricedRequests);
    }
}
