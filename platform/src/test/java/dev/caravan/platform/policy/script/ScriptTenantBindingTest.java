package dev.caravan.platform.policy.script;

import static dev.caravan.platform.policy.script.ScriptFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caravan.api.policy.RequestPolicy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scripts under tenants/<id>/ run only for that tenant; top-level scripts run for all, first. */
class ScriptTenantBindingTest {

    @TempDir
    Path dir;
    ScriptPolicySource source;

    @BeforeEach
    void start() {
        write(dir.resolve("everyone.groovy"), "beforeRequest { req -> allow() }");
        write(dir.resolve("tenants/a/only-a.groovy"), "beforeRequest { req -> deny('tenant a only') }");
        write(dir.resolve("examples/not-active.groovy"), "beforeRequest { req -> deny('examples never run') }");
        source = ScriptPolicySource.start(ScriptFixtures.config(dir));
    }

    @AfterEach
    void close() {
        source.close();
    }

    private List<String> ids(String tenant) {
        return source.policiesFor(tenant).stream().map(RequestPolicy::id).toList();
    }

    @Test
    void should_never_run_tenant_a_script_for_tenant_b() {
        assertEquals(List.of("everyone"), ids("b"));
    }

    @Test
    void should_run_global_scripts_before_the_tenant_scripts() {
        assertEquals(List.of("everyone", "tenants/a/only-a"), ids("a"));
    }

    @Test
    void should_not_load_scripts_outside_the_top_level_and_tenant_folders() {
        assertEquals(List.of("everyone", "tenants/a/only-a"), source.statuses().stream().map(ScriptStatus::id).toList());
    }
}
