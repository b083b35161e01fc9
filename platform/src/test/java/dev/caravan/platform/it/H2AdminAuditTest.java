package dev.caravan.platform.it;

import dev.caravan.api.Secret;
import dev.caravan.platform.config.StorageConfig;
import java.nio.file.Path;

/** {@link AdminAuditTest} on embedded H2. */
class H2AdminAuditTest extends AdminAuditTest {

    @Override
    protected String storageYaml(Path tmp) {
        return "{ url: \"" + url(tmp) + "\" }";
    }

    @Override
    protected StorageConfig storageConfig(Path tmp) {
        return new StorageConfig(url(tmp), "", Secret.empty(), 2);
    }

    private static String url(Path tmp) {
        return "jdbc:h2:file:" + tmp.resolve("db/caravan");
    }
}
