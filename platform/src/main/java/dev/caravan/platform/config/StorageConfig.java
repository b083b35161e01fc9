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
 */
public record StorageConfig(String url, String user, Secret password, int poolSize) {

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }
}
