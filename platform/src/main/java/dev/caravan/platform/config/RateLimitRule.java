package dev.caravan.platform.config;

/**
 * One {@code rate_limits[]} entry.
 *
 * @param scope            what it counts; a {@code "*"} scope counts each key, tenant, alias or metadata value on its own
 * @param rpm              requests per minute, or 0 for no request limit
 * @param tpm              tokens (prompt + completion) per minute, or 0 for no token limit
 * @param defaultMaxTokens completion tokens charged up front when a request sets no
 *                         {@code max_tokens} (corrected to the real count when it finishes)
 * @param shared           rpm and tpm counted in the database per calendar minute, exact across
 *                         the nodes sharing it ({@link SharedWindowCounter}); else per node, in memory
 * @param concurrent       requests in flight at once on this node, or 0 for no such limit
 * @param onStoreError     what a shared limit does when the database does not answer in time
 */
public record RateLimitRule(dev.caravan.platform.config.Scope scope, long rpm, long tpm, long defaultMaxTokens,
        boolean shared, long concurrent, StoreErrorMode onStoreError) {

    public static final long DEFAULT_MAX_TOKENS = 1024;

    /** A per-node rpm/tpm rule, as before shared and concurrency limits existed. */
    public RateLimitRule(dev.caravan.platform.config.Scope scope, long rpm, long tpm, long defaultMaxTokens) {
        this(scope, rpm, tpm, defaultMaxTokens, false, 0, StoreErrorMode.LOCAL);
    }

    /** {@code on_store_error}: what a shared limit does when its lease refill fails or is late. */
    public enum StoreErrorMode {
        /** count on this node's own bucket at the full rate until the database answers again */
        LOCAL,
        /** refuse with 429 */
        DENY
    }
}
