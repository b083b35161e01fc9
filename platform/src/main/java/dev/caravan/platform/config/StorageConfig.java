package dev.caravan.platform.config;

import dev.caravan.api.Secret;

/**
 * {@code storage:} — where keys, tenants and receipts live.
 *
 * @param url      JDBC URL; default {@code jdbc:h2:file:./data/caravan} (H2 in PostgreSQL mode is
 *                 added automatically), or {@code jdbc:postgresql://host:port/db}
 * @param user     database user (default empty: H2 default user, or PostgreSQL peer/trust)
 * @param password database password, may be empty
 * @param poolSize maximum pooled connections (default 10)
 * @param resyncInterval on PostgreSQL, how often each node reloads what it caches (keys, budgets)
 *                 even without a change notification: the safety net under LISTEN/NOTIFY
 *                 ({@code resync_interval_ms}, default 30 s)
 */
public record StorageConfig(String url, String user, Secret password, int poolSize, java.time.Duration resyncInterval) {

    public static final java.time.Duration DEFAULT_RESYNC = java.time.Duration.ofSeconds(30);

    public StorageConfig(String url, String user, Secret password, int poolSize) {
        this(url, user, password, poolSize, DEFAULT_RESYNC);
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }
}
