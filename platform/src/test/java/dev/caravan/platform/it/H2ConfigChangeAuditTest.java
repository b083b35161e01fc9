package dev.caravan.platform.it;

import java.nio.file.Path;

/** {@link ConfigChangeAuditTest} on embedded H2. */
class H2ConfigChangeAuditTest extends ConfigChangeAuditTest {

    @Override
    protected String storageYaml(Path tmp) {
        return "{ url: \"jdbc:h2:file:" + tmp.resolve("db/caravan") + "\" }";
    }
}
