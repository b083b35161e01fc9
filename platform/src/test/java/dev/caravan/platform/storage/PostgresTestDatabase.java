package dev.caravan.platform.storage;

import dev.caravan.api.Secret;
import dev.caravan.platform.config.StorageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh PostgreSQL database for one test class, dropped afterwards. Register it as a static field:
 * <pre>{@code
 * @RegisterExtension static final PostgresTestDatabase PG = new PostgresTestDatabase();
 * ... Storage.open(PG.storageConfig()) ...
 * }</pre>
 * It connects to {@code jdbc:postgresql://127.0.0.1:5432/postgres} as {@code postgres}, or to
 * {@code CARAVAN_TEST_PG_URL} as {@code CARAVAN_TEST_PG_USER} (password {@code CARAVAN_TEST_PG_PASSWORD})
 * and creates {@code caravan_test_<random>}. When the server does not answer and
 * {@code pg_ctlcluster} exists (Debian/Ubuntu), it starts the local cluster(s) listed in
 * {@code /etc/postgresql} and retries for up to 30 s. If PostgreSQL still cannot be reached, the
 * tests are aborted (skipped) with the reason, except when {@code CI=true}: then they fail, because
 * CI must always run the PostgreSQL tests.
 *
 * <p>Can also be used without JUnit's extension model: {@link #create()} then {@link #close()}.
 */
public final class PostgresTestDatabase implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    public static final String DEFAULT_USER = "postgres";
    private static final Duration START_WAIT = Duration.ofSeconds(30);
    private static final Pattern URL_DATABASE = Pattern.compile("^(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?$");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Set once starting the local cluster did not help, so later test classes do not wait again. */
    private static volatile String knownUnreachable;

    private final String adminUrl;
    private final String user;
    private final String password;
    private final boolean startLocalCluster;
    private String databaseName;
    private String jdbcUrl;

    public PostgresTestDatabase() {
        this(env("CARAVAN_TEST_PG_URL", DEFAULT_URL), env("CARAVAN_TEST_PG_USER", DEFAULT_USER),
                env("CARAVAN_TEST_PG_PASSWORD", ""), true);
    }

    PostgresTestDatabase(String adminUrl, String user, String password, boolean startLocalCluster) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.startLocalCluster = startLocalCluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        create();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Creates the database (aborting or failing the test when PostgreSQL is unreachable). */
    public PostgresTestDatabase create() {
        if (databaseName != null) {
            throw new IllegalStateException("database " + databaseName + " already created");
        }
        ensureReachable();
        String name = "caravan_test_" + HexFormat.of().formatHex(randomBytes());
        try (Connection admin = connect(adminUrl); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + adminUrl + ": " + e.getMessage(), e);
        }
        databaseName = name;
        jdbcUrl = withDatabase(adminUrl, name);
        return this;
    }

    /** Drops the database, closing any connection still open to it. */
    @Override
    public void close() {
        if (databaseName == null) {
            return;
        }
        try (Connection admin = connect(adminUrl)) {
            try (PreparedStatement kill = admin.prepareStatement(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                kill.setString(1, databaseName);
                kill.execute();
            }
            try (Statement drop = admin.createStatement()) {
                drop.execute("DROP DATABASE IF EXISTS " + databaseName);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + databaseName + ": " + e.getMessage(), e);
        } finally {
            databaseName = null;
            jdbcUrl = null;
        }
    }

    public String databaseName() {
        return requireCreated(databaseName);
    }

    /** JDBC URL of the test database. */
    public String jdbcUrl() {
        return requireCreated(jdbcUrl);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A {@code storage:} config pointing at the test database. */
    public StorageConfig storageConfig() {
        return new StorageConfig(jdbcUrl(), user, Secret.of(password), 4);
    }

    /** A plain JDBC connection to the test database. */
    public Connection connection() throws SQLException {
        return connect(jdbcUrl());
    }

    /** A plain JDBC connection to the administrative database given by the URL (e.g. {@code postgres}). */
    public Connection adminConnection() throws SQLException {
        return connect(adminUrl);
    }

    /** Replaces the database name in a {@code jdbc:postgresql://host[:port]/db[?params]} URL. */
    static String withDatabase(String url, String database) {
        Matcher m = URL_DATABASE.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected jdbc:postgresql://host[:port]/database[?params], got " + url);
        }
        return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
    }

    /** How an unreachable server ends the test: a failure on CI, an abort (skip) elsewhere. */
    static void unreachable(String reason, boolean ci) {
        if (ci) {
            Assertions.fail("PostgreSQL tests must run on CI (CI=true), but " + reason);
        }
        Assumptions.abort("PostgreSQL tests skipped: " + reason);
    }

    private void ensureReachable() {
        String failure = tryConnect();
        if (failure != null && startLocalCluster && knownUnreachable == null && startLocalClusters()) {
            long deadline = System.nanoTime() + START_WAIT.toNanos();
            while (failure != null && System.nanoTime() < deadline) {
                pollPause();
                failure = tryConnect();
            }
        }
        if (failure == null) {
            return;
        }
        String reason = "PostgreSQL is not reachable at " + adminUrl + " as " + user + " (" + failure + ")."
                + " Start it (e.g. pg_ctlcluster --skip-systemctl-redirect 15 main start) or point"
                + " CARAVAN_TEST_PG_URL / CARAVAN_TEST_PG_USER at a server.";
        if (startLocalCluster) {
            knownUnreachable = failure;
        }
        unreachable(reason, "true".equalsIgnoreCase(System.getenv("CI")));
    }

    /** @return null when a connection succeeds, else why not */
    private String tryConnect() {
        try (Connection ignored = connect(adminUrl)) {
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    /** Starts each cluster found in /etc/postgresql with pg_ctlcluster; false when there is none to start. */
    private static boolean startLocalClusters() {
        Path etc = Path.of("/etc/postgresql");
        if (!onPath("pg_ctlcluster") || !Files.isDirectory(etc)) {
            return false;
        }
        List<String> versions = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(etc)) {
            dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(versions::add);
        } catch (IOException e) {
            return false;
        }
        for (String version : versions) {
            try {
                Process process = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !versions.isEmpty();
    }

    private Connection connect(String url) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (!password.isEmpty()) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "5");
        return DriverManager.getConnection(url, props);
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static void pollPause() {
        try {
            TimeUnit.MILLISECONDS.sleep(250); // between connection attempts, bounded by the deadline
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String requireCreated(String value) {
        if (value == null) {
            throw new IllegalStateException("test database not created (register PostgresTestDatabase as a static @RegisterExtension field)");
        }
        return value;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
