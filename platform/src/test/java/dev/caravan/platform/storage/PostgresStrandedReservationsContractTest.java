package dev.caravan.platform.storage;

import dev.caravan.platform.config.StorageConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link StrandedReservationsContractTest} on PostgreSQL, in a fresh database dropped afterwards. */
class PostgresStrandedReservationsContractTest extends StrandedReservationsContractTest {

    @RegisterExtension
    static final PostgresTestDatabase PG = new PostgresTestDatabase();

    @Override
    protected StorageConfig storageConfig() {
        return PG.storageConfig();
    }

    @Override
    protected String expectedProduct() {
        return "PostgreSQL";
    }
}
