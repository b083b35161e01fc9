package dev.caravan.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caravan.platform.config.StorageConfig;
import dev.caravan.platform.it.Poll;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The listener's safety nets on a real PostgreSQL: periodic resync, and resync after a lost connection. */
class PostgresChangeNotificationsTest {

    @RegisterExtension
    static final PostgresTestDatabase PG = new PostgresTestDatabase();

    private static StorageConfig config(Duration resync) {
        StorageConfig base = PG.storageConfig();
        return new StorageConfig(base.url(), base.user(), base.password(), base.poolSize(), resync);
    }

    @Test
    void should_run_the_callbacks_of_the_notified_table_only_when_a_notification_arrives() throws Exception {
        AtomicInteger keys = new AtomicInteger();
        AtomicInteger budgets = new AtomicInteger();
        try (ChangeNotifications listener = ChangeNotifications.forDatabase(config(Duration.ofHours(1)))
                .on("virtual_keys", keys::incrementAndGet).on("budgets", budgets::incrementAndGet).start()) {
            Poll.until(listener::resyncs, n -> n >= 1, Duration.ofSeconds(10), () -> "never connected");
            int keysBefore = keys.get();
            int budgetsBefore = budgets.get();

            sql("NOTIFY caravan_changes, 'virtual_keys'");

            Poll.until(keys::get, n -> n == keysBefore + 1, Duration.ofSeconds(5), () -> "the notification never arrived");
            assertEquals(budgetsBefore, budgets.get());
        }
    }

    @Test
    void should_resync_every_interval_without_notifications() {
        AtomicInteger calls = new AtomicInteger();
        try (ChangeNotifications listener = ChangeNotifications.forDatabase(config(Duration.ofMillis(300)))
                .on("virtual_keys", calls::incrementAndGet).start()) {
            Poll.until(listener::resyncs, n -> n >= 3, Duration.ofSeconds(10), () -> "no periodic resync");
            assertEquals(0, listener.received());
        }
    }

    @Test
    void should_reconnect_and_resync_when_the_listener_connection_is_killed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (ChangeNotifications listener = ChangeNotifications.forDatabase(config(Duration.ofHours(1)))
                .on("virtual_keys", calls::incrementAndGet).start()) {
            Poll.until(listener::resyncs, n -> n == 1, Duration.ofSeconds(10), () -> "never connected");

            sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'caravan-listener'"
                    + " AND datname = current_database()");

            Poll.until(listener::resyncs, n -> n >= 2, Duration.ofSeconds(10), () -> "no resync after reconnecting");
            int before = calls.get();
            sql("NOTIFY caravan_changes, 'virtual_keys'");
            Poll.until(calls::get, n -> n > before, Duration.ofSeconds(5), () -> "not listening after reconnecting");
        }
    }

    private static void sql(String statement) throws Exception {
        try (Connection connection = DriverManager.getConnection(PG.jdbcUrl(), PG.user(), "");
                Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }
}
