package dev.caravan.platform.ratelimit;

/**
 * A rule as it applies to one request: {@code counted} names the bucket it draws from, e.g.
 * {@code key:alice} for a {@code key: "*"} rule and the key alice.
 */
record AppliedLimit(RateLimitRule rule, RateLimitScope counted) {}
