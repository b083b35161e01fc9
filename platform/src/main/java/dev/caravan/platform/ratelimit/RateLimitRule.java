package dev.caravan.platform.ratelimit;

/**
 * One {@code rate_limits[]} entry.
 *
 * @param scope            what it counts; a {@code "*"} scope counts each key, tenant, alias or metadata value on its own
 * @param rpm              requests per minute, or 0 for no request limit
 * @param tpm              tokens (prompt + completion) per minute, or 0 for no token limit
 * @param defaultMaxTokens completion tokens charged up front when a request sets no
 *                         {@code max_tokens} (corrected to the real count when it finishes)
 */
public record RateLimitRule(dev.caravan.platform.config.Scope scope, long rpm, long tpm, long defaultMaxTokens) {

    public static final long DEFAULT_MAX_TOKENS = 1024;
}
