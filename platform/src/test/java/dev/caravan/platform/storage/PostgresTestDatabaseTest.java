package dev.caravan.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The helper itself. Starting a stopped cluster is not tested here (it would stop the server other
 * tests use); to check it by hand: {@code pg_ctlcluster 15 main stop}, then run any PostgreSQL test.
 */
class PostgresTestDatabaseTest {

    @Test
    void should_create_fresh_database_and_drop_it_when_closed() throws SQLException {
        PostgresTestDatabase db = new PostgresTestDatabase().create();
        String name = db.databaseName();
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_database()")) {
            rs.next();
            assertEquals(name, rs.getString(1));
            assertTrue(name.matches("caravan_test_[0-9a-f]{12}"), name);
        }

        db.close();

        try (Connection admin = new PostgresTestDatabase().adminConnection()) {
            assertFalse(exists(admin, name));
        }
    }

    @Test
    void should_give_each_helper_its_own_database() {
        try (PostgresTestDatabase a = new PostgresTestDatabase().create(); PostgresTestDatabase b = new PostgresTestDatabase().create()) {
            assertNotEquals(a.databaseName(), b.databaseName());
        }
    }

    @Test
    void should_drop_database_even_when_connections_are_open() throws SQLException {
        PostgresTestDatabase db = new PostgresTestDatabase().create();
        String name = db.databaseName();
        try (Connection leaked = db.connection()) {
            db.close();
            try (Connection admin = new PostgresTestDatabase().adminConnection()) {
                assertFalse(exists(admin, name));
            }
        } catch (SQLException expected) {
            // closing the terminated connection may fail; the database is gone either way
        }
    }

    @Test
    void should_skip_or_fail_when_server_unreachable() {
        PostgresTestDatabase nowhere = new PostgresTestDatabase("jdbc:postgresql://127.0.0.1:1/postgres", "postgres", "", false);

        Throwable outcome = assertThrows(Throwable.class, nowhere::create);

        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        Class<? extends Throwable> expected = ci ? AssertionFailedError.class : TestAbortedException.class;
        assertInstanceOf(expected, outcome);
        assertTrue(outcome.getMessage().contains("127.0.0.1:1"), outcome.getMessage());
    }

    @Test
    void should_fail_on_ci_and_abort_elsewhere() {
        assertThrows(AssertionFailedError.class, () -> PostgresTestDatabase.unreachable("down", true));
        assertThrows(TestAbortedException.class, () -> PostgresTestDatabase.unreachable("down", false));
    }

    @Test
    void should_swap_database_name_in_url() {
        assertEquals("jdbc:postgresql://h:5432/other?ssl=false",
                PostgresTestDatabase.withDatabase("jdbc:postgresql://h:5432/postgres?ssl=false", "other"));
        assertEquals("jdbc:postgresql://h/other", PostgresTestDatabase.withDatabase("jdbc:postgresql://h/", "other"));
    }

    private static boolean exists(Connection admin, String name) throws SQLException {
        try (PreparedStatement q = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }
}
