package dev.caravan.platform.policy.script;

import static dev.caravan.platform.policy.script.ScriptFixtures.decide;
import static dev.caravan.platform.policy.script.ScriptFixtures.poll;
import static dev.caravan.platform.policy.script.ScriptFixtures.request;
import static dev.caravan.platform.policy.script.ScriptFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.policy.RequestPolicy;
import dev.caravan.platform.config.PoliciesConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edits to the policies folder take effect within 2 s, with the default reload interval, without a restart. */
class ScriptHotReloadTest {

    private static final Duration WITHIN = Duration.ofSeconds(2);

    @TempDir
    Path dir;
    ScriptPolicySource source;

    @BeforeEach
    void startWithOneScript() {
        write(dir.resolve("note.groovy"), "beforeRequest { req -> allow('v1') }");
        // The default reload interval (what "within 2 s" relies on), a roomy call limit for a busy build host.
        PoliciesConfig defaults = PoliciesConfig.defaults(dir);
        source = ScriptPolicySource.start(new PoliciesConfig(dir, Duration.ofSeconds(1), defaults.onError(), defaults.threads(),
                defaults.reloadInterval(), List.of(), List.of()));
        assertEquals("v1", note());
    }

    @AfterEach
    void close() {
        source.close();
    }

    private String note() {
        List<RequestPolicy> policies = source.policiesFor("acme");
        return policies.isEmpty() ? null : decide(policies.get(0), request("acme")).message();
    }

    private ScriptStatus status() {
        return source.statuses().get(0);
    }

    @Test
    void should_apply_the_edited_script_within_two_seconds_when_the_file_changes() {
        write(dir.resolve("note.groovy"), "beforeRequest { req -> allow('v2') }");
        assertEquals("v2", poll(this::note, "v2"::equals, WITHIN, "the edit did not apply"));
        assertEquals("active", status().status());
    }

    @Test
    void should_keep_the_last_good_version_when_the_edit_does_not_compile() {
        String good = status().version();
        write(dir.resolve("note.groovy"), "beforeRequest { req -> allow('v2' }");
        ScriptStatus failed = poll(this::status, s -> s.status().equals("failed"), WITHIN, "the broken edit was not noticed");
        assertEquals(good, failed.version(), "the running version must stay the last good one");
        assertTrue(failed.lastError().startsWith("line 1:"), failed.lastError());
        assertEquals("v1", note());
    }

    @Test
    void should_report_the_sandbox_refusal_when_the_edit_escapes() {
        write(dir.resolve("note.groovy"), "beforeRequest { req -> System.exit(1) }");
        ScriptStatus failed = poll(this::status, s -> s.status().equals("failed"), WITHIN, "the refused edit was not noticed");
        assertTrue(failed.lastError().contains("not allowed"), failed.lastError());
        assertEquals("v1", note());
    }

    @Test
    void should_recover_when_a_failed_file_is_fixed() {
        write(dir.resolve("note.groovy"), "beforeRequest { req -> allow('v2' }");
        poll(this::status, s -> s.status().equals("failed"), WITHIN, "the broken edit was not noticed");
        write(dir.resolve("note.groovy"), "beforeRequest { req -> allow('v3') }");
        assertEquals("v3", poll(this::note, "v3"::equals, WITHIN, "the fix did not apply"));
        assertNull(status().lastError());
    }

    @Test
    void should_stop_applying_when_the_file_is_removed() throws Exception {
        Files.delete(dir.resolve("note.groovy"));
        poll(() -> source.policiesFor("acme"), List::isEmpty, WITHIN, "the removed script still runs");
        assertTrue(source.statuses().isEmpty());
    }

    @Test
    void should_apply_a_new_file_when_it_is_added() {
        write(dir.resolve("tenants/acme/deny.groovy"), "beforeRequest { req -> deny('closed') }");
        List<RequestPolicy> policies = poll(() -> source.policiesFor("acme"), p -> p.size() == 2, WITHIN, "the new script did not load");
        assertEquals("closed (policy 'tenants/acme/deny')", decide(policies.get(1), request("acme")).message());
    }

    @Test
    void should_compile_once_when_the_same_source_is_saved_in_two_places() {
        long before = source.compiledCount();
        write(dir.resolve("tenants/acme/copy.groovy"), "beforeRequest { req -> allow('v1') }");
        poll(() -> source.policiesFor("acme"), p -> p.size() == 2, WITHIN, "the copy did not load");
        assertEquals(before, source.compiledCount());
    }
}
