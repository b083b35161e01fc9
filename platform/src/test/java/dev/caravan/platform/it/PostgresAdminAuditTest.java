package dev.caravan.platform.it;

import dev.caravan.platform.config.StorageConfig;
import dev.caravan.platform.storage.PostgresTestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link AdminAuditTest} on PostgreSQL, in a fresh database dropped afterwards. */
class PostgresAdminAuditTest extends AdminAuditTest {

    @RegisterExtension
    static final PostgresTestDatabase PG = new PostgresTestDatabase();

    @Override
    protected String storageYaml(Path tmp) {
        return "{ url: \"" + PG.jdbcUrl() + "\", user: \"" + PG.user() + "\" }";
    }

    @Override
    protected StorageConfig storageConfig(Path tmp) {
        return PG.storageConfig();
    }
}
