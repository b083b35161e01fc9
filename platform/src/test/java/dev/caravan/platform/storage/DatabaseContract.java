package dev.caravan.platform.storage;

import dev.caravan.platform.config.StorageConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the contract suites: each test gets an open {@link Storage} with empty tables, in a
 * database owned by the concrete (per-database) test class.
 */
abstract class DatabaseContract {

    protected Storage storage;
    protected KeyRepository keys;
    protected ReceiptRepository receipts;

    /** Where the test class's database is; the same for every test of the class. */
    protected abstract StorageConfig storageConfig();

    /** {@link Storage#databaseProduct()} expected for this database. */
    protected abstract String expectedProduct();

    @BeforeEach
    void openEmptyDatabase() {
        storage = Storage.open(storageConfig());
        storage.jdbi().useHandle(h -> {
            h.execute("DELETE FROM receipts");
            h.execute("DELETE FROM evidence_records");
            h.execute("DELETE FROM evidence_checkpoints");
            h.execute("DELETE FROM request_logs");
            h.execute("DELETE FROM stored_responses");
            h.execute("DELETE FROM audit_log");
            h.execute("DELETE FROM virtual_keys");
            h.execute("DELETE FROM tenants");
            h.execute("DELETE FROM budget_usage");
            h.execute("DELETE FROM budgets");
            h.execute("DELETE FROM budget_alerts");
            h.execute("DELETE FROM budget_reservations");
            h.execute("DELETE FROM nodes");
        });
        keys = new KeyRepository(storage.jdbi());
        receipts = new ReceiptRepository(storage.jdbi());
    }

    @AfterEach
    void closeDatabase() {
        storage.close();
    }

    /** Reopens the database, as a restarted gateway would. */
    protected void reopen() {
        storage.close();
        storage = Storage.open(storageConfig());
        keys = new KeyRepository(storage.jdbi());
        receipts = new ReceiptRepository(storage.jdbi());
    }

    protected long count(String table) {
        return storage.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }
}
