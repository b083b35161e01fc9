package dev.caravan.platform.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.platform.config.StorageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database: a HikariCP pool, a {@link Jdbi} over it, and a schema brought up to date by
 * Liquibase when opened. Embedded H2 (PostgreSQL mode) or PostgreSQL. Thread-safe.
 */
public final class Storage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Storage.class);
    private static final int DEFAULT_POOL_SIZE = 10;
    private static final int PING_TIMEOUT_SECONDS = 2;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String product;

    private Storage(HikariDataSource dataSource, String product) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.product = product;
    }

    /**
     * Opens the pool and migrates the schema.
     *
     * @throws StorageException when the database cannot be reached or migrated; the message names
     *                          the (password-free) URL and the cause
     */
    public static Storage open(StorageConfig cfg) {
        if (cfg.url() == null || cfg.url().isBlank()) {
            throw new StorageException("storage.url is empty: give a JDBC URL such as jdbc:h2:file:./data/caravan");
        }
        String url = DatabaseUrl.withH2Defaults(cfg.url().trim());
        String shownUrl = DatabaseUrl.redacted(cfg.url().trim());
        createH2Directories(url, shownUrl);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(poolConfig(cfg, url));
        } catch (RuntimeException e) {
            throw new StorageException("cannot connect to database " + shownUrl + ": " + describe(e, cfg), e);
        }
        try {
            String product = productName(dataSource);
            SchemaMigration.update(dataSource);
            LOG.info("Storage ready: {} at {}", product, shownUrl);
            return new Storage(dataSource, product);
        } catch (Exception e) {
            dataSource.close();
            throw new StorageException("cannot migrate database " + shownUrl + " with "
                    + SchemaMigration.CHANGELOG + ": " + describe(e, cfg), e);
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** True when the database answers {@code SELECT 1} within a couple of seconds. */
    public boolean ping() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(PING_TIMEOUT_SECONDS);
            statement.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Storage ping failed: {}", e.toString());
            return false;
        }
    }

    /** {@code "H2"} or {@code "PostgreSQL"}, as the JDBC driver names it. */
    public String databaseProduct() {
        return product;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static HikariConfig poolConfig(StorageConfig cfg, String url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("caravan-storage");
        config.setJdbcUrl(url);
        if (cfg.user() != null && !cfg.user().isEmpty()) {
            config.setUsername(cfg.user());
        }
        if (cfg.password() != null && !cfg.password().isEmpty()) {
            config.setPassword(cfg.password().reveal());
        }
        config.setMaximumPoolSize(cfg.poolSize() > 0 ? cfg.poolSize() : DEFAULT_POOL_SIZE);
        // Short waits: a request path that needs a connection (or /ready) must fail fast, not hang.
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        if (!DatabaseUrl.isH2(url)) {
            config.addDataSourceProperty("ApplicationName", "caravan");
            // One multi-row INSERT per receipt batch instead of one round trip per row.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        return config;
    }

    private static String productName(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName();
        }
    }

    private static void createH2Directories(String url, String shownUrl) {
        Path parent = DatabaseUrl.h2FilePath(url).map(Path::toAbsolutePath).map(Path::getParent).orElse(null);
        if (parent == null) {
            return;
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StorageException("cannot create the directory " + parent + " for database " + shownUrl + ": " + e, e);
        }
    }

    /** The innermost useful message of a failure, with the password masked should a driver echo it. */
    private static String describe(Throwable failure, StorageConfig cfg) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root != failure && failure.getMessage() != null && !failure.getMessage().contains(message)) {
            message = failure.getMessage() + ": " + message;
        }
        String password = cfg.password() == null ? "" : cfg.password().reveal();
        return password.isEmpty() ? message : message.replace(password, "****");
    }
}
