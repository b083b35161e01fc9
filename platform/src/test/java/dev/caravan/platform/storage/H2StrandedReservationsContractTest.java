package dev.caravan.platform.storage;

import dev.caravan.api.Secret;
import dev.caravan.platform.config.StorageConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link StrandedReservationsContractTest} on embedded H2, as the default set-up runs. */
class H2StrandedReservationsContractTest extends StrandedReservationsContractTest {

    @TempDir
    static Path dir;

    @Override
    protected StorageConfig storageConfig() {
        return new StorageConfig("jdbc:h2:file:" + dir.resolve("data/caravan"), "", Secret.empty(), 4);
    }

    @Override
    protected String expectedProduct() {
        return "H2";
    }
}
