package dev.caravan.platform.config;

import dev.caravan.api.Secret;

/** {@code admin:} — the admin API token; empty disables the admin API. */
public record AdminConfig(Secret token) {}
