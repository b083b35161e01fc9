package dev.caravan.platform.config;

import dev.caravan.api.Secret;

/**
 * {@code metrics:} — the Prometheus scrape endpoint {@code GET /metrics}.
 *
 * @param enabled    false answers 404 on {@code /metrics} (meters are still kept, for the receipt writer)
 * @param token      when set, a scrape must send {@code Authorization: Bearer <token>}; empty leaves
 *                   the endpoint open (for an internal port or a network policy that admits only Prometheus)
 * @param tenantTags whether request, token and cost meters carry a {@code tenant} tag; off by default,
 *                   since every tenant multiplies the number of series
 */
public record MetricsConfig(boolean enabled, Secret token, boolean tenantTags) {}
