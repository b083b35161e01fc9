package dev.caravan.platform.storage;

import dev.caravan.platform.config.StorageConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells this node when another node (or anyone with SQL access) changed a table it caches. On
 * PostgreSQL the triggers of changeset 0011 run {@code pg_notify('caravan_changes', <table>)};
 * one dedicated connection, on its own thread (never a pool connection, never an event loop),
 * {@code LISTEN}s and hands each table name to the callbacks registered for it.
 *
 * <p>Notifications sent while the connection was down are lost, so every (re)connect and every
 * {@code resyncInterval} runs all callbacks anyway: a missed notification costs at most one
 * interval. On H2 (one node) nothing is started: every change is made by this process.
 */
public final class ChangeNotifications implements AutoCloseable {

    public static final String CHANNEL = "caravan_changes";
    private static final Logger LOG = LoggerFactory.getLogger(ChangeNotifications.class);
    private static final int POLL_MILLIS = 250;
    private static final Duration RECONNECT_PAUSE = Duration.ofMillis(500);

    private final StorageConfig config;
    private final Duration resyncInterval;
    private final Map<String, List<Runnable>> byTable = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private Thread thread;

    private ChangeNotifications(StorageConfig config) {
        this.config = config;
        this.resyncInterval = config.resyncInterval();
    }

    /** A listener for {@code config}'s database; inert (nothing started) unless it is PostgreSQL. */
    public static ChangeNotifications forDatabase(StorageConfig config) {
        return new ChangeNotifications(config);
    }

    /** Runs {@code callback} on the listener thread whenever {@code table} changed, and at every resync. Call before {@link #start}. */
    public ChangeNotifications on(String table, Runnable callback) {
        byTable.computeIfAbsent(table, t -> new CopyOnWriteArrayList<>()).add(callback);
        return this;
    }

    public ChangeNotifications start() {
        if (!config.isPostgres()) {
            return this;
        }
        thread = new Thread(this::run, "caravan-change-listener");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Notifications handed to callbacks so far; for tests and metrics. */
    public long received() {
        return received.get();
    }

    /** Full resyncs run so far (connects and intervals). */
    public long resyncs() {
        return resyncs.get();
    }

    private void run() {
        boolean warned = false;
        while (stopped.getCount() > 0) {
            try (Connection connection = connect()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                if (warned) {
                    LOG.info("Change notifications: reconnected to the database; resyncing");
                    warned = false;
                }
                resyncAll(); // whatever changed while not listening
                listen(connection);
            } catch (SQLException | RuntimeException e) {
                if (stopped.getCount() == 0) {
                    return;
                }
                if (!warned) {
                    // Once per outage: the periodic resync resumes once the database is back.
                    LOG.warn("Change notifications: lost the database connection ({}); reconnecting every {} ms",
                            e.getMessage(), RECONNECT_PAUSE.toMillis());
                    warned = true;
                }
            }
            await(RECONNECT_PAUSE);
        }
    }

    private void listen(Connection connection) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        long nextResync = System.nanoTime() + resyncInterval.toNanos();
        while (stopped.getCount() > 0) {
            PGNotification[] batch = pg.getNotifications(POLL_MILLIS);
            if (batch != null && batch.length > 0) {
                dispatch(batch);
            }
            if (System.nanoTime() - nextResync >= 0) {
                try (Statement statement = connection.createStatement()) {
                    statement.setQueryTimeout(5);
                    statement.execute("SELECT 1"); // a half-open connection would otherwise stay silent forever
                }
                resyncAll();
                nextResync = System.nanoTime() + resyncInterval.toNanos();
            }
        }
    }

    private void dispatch(PGNotification[] batch) {
        Set<String> tables = new java.util.LinkedHashSet<>();
        for (PGNotification notification : batch) {
            if (CHANNEL.equals(notification.getName())) {
                tables.add(notification.getParameter());
            }
        }
        for (String table : tables) {
            received.incrementAndGet();
            byTable.getOrDefault(table, List.of()).forEach(ChangeNotifications::runQuietly);
        }
    }

    private void resyncAll() {
        resyncs.incrementAndGet();
        byTable.values().forEach(callbacks -> callbacks.forEach(ChangeNotifications::runQuietly));
    }

    private static void runQuietly(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            // The callback keeps what it had; the next notification or resync tries again.
            LOG.warn("Change notifications: refreshing a cache failed: {}", e.toString());
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (config.user() != null && !config.user().isEmpty()) {
            properties.setProperty("user", config.user());
        }
        if (config.password() != null && !config.password().isEmpty()) {
            properties.setProperty("password", config.password().reveal());
        }
        properties.setProperty("ApplicationName", "caravan-listener");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(config.url(), properties);
    }

    private void await(Duration pause) {
        try {
            stopped.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped.countDown();
        if (thread != null) {
            try {
                thread.join(POLL_MILLIS * 4L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
