package dev.caravan.platform.it;

import dev.caravan.platform.storage.PostgresTestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ConfigChangeAuditTest} on PostgreSQL, in a fresh database dropped afterwards. */
class PostgresConfigChangeAuditTest extends ConfigChangeAuditTest {

    @RegisterExtension
    static final PostgresTestDatabase PG = new PostgresTestDatabase();

    @Override
    protected String storageYaml(Path tmp) {
        return "{ url: \"" + PG.jdbcUrl() + "\", user: \"" + PG.user() + "\" }";
    }
}
