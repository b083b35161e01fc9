package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes to the script files of the policies folder are audited ({@code GET /admin/v1/audit}):
 * loaded, changed, failed and removed, with the file's version and state but never its source;
 * a restart writes only what changed while the gateway was down.
 */
class PolicyFileAuditTest {

    private static final String MODELS = "  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }\n";
    private static final String SECRET_LOOKING_SOURCE = "beforeRequest { req -> allow('sk-not-in-the-audit') }";

    @TempDir
    Path tmp;
    static MockUpstream mock;
    TestGateway gateway;

    @BeforeAll
    static void startMock() {
        mock = MockUpstream.start(MockOptions.defaults());
    }

    @AfterAll
    static void stopMock() {
        mock.close();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private Path policies() {
        return tmp.resolve("policies");
    }

    private void start() {
        gateway = TestGateway.startWithModelsAndAdmin(mock, tmp, MODELS,
                "policies: { dir: \"" + policies() + "\", timeout_ms: 2000, reload_interval_ms: 100 }");
    }

    private void write(String relative, String text) {
        try {
            Path file = policies().resolve(relative);
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(temp, text);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The policy file entries, oldest first, as "actor action target". */
    private List<JsonNode> entries() {
        HttpResponse<String> response = gateway.get("/admin/v1/audit?limit=1000", "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN));
        assertEquals(200, response.statusCode(), response.body());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode entry : TestGateway.json(response.body()).path("data")) {
            if (entry.path("action").asText().startsWith("policy.")) {
                out.add(0, entry);
            }
        }
        return out;
    }

    private static List<String> summary(List<JsonNode> entries) {
        return entries.stream().map(e -> e.path("actor").asText() + " " + e.path("action").asText() + " " + e.path("target").asText()).toList();
    }

    private List<JsonNode> entriesEventually(int count) {
        return Poll.until(this::entries, e -> e.size() >= count, Duration.ofSeconds(5), () -> "fewer than " + count + " policy entries");
    }

    @Test
    void should_record_what_loaded_at_start_with_version_and_size_but_not_the_source() {
        write("note.groovy", SECRET_LOOKING_SOURCE);
        write("guardrails/words.groovy", "check { input -> pass() }");
        start();

        List<JsonNode> entries = entries();
        assertEquals(List.of("system:start policy.loaded file:guardrails/words.groovy", "system:start policy.loaded file:note.groovy"),
                summary(entries));
        JsonNode after = entries.get(1).path("after");
        assertEquals(64, after.path("sha256").asText().length());
        assertEquals(SECRET_LOOKING_SOURCE.length(), after.path("size").asInt());
        assertEquals("loaded", after.path("state").asText());
        assertEquals("policy", after.path("kind").asText());
        assertTrue(entries.get(1).path("before").isNull());
        assertFalse(entries.toString().contains("sk-not-in-the-audit"), entries.toString());
    }

    @Test
    void should_record_changed_failed_and_removed_when_files_are_edited_while_running() {
        write("note.groovy", "beforeRequest { req -> allow('v1') }");
        start();
        String v1 = entries().get(0).path("after").path("sha256").asText();

        write("note.groovy", "beforeRequest { req -> allow('v2') }");
        List<JsonNode> changed = entriesEventually(2);
        assertEquals("system:reload policy.changed file:note.groovy", summary(changed).get(1));
        assertEquals(v1, changed.get(1).path("before").path("sha256").asText());
        String v2 = changed.get(1).path("after").path("sha256").asText();

        write("note.groovy", "beforeRequest { req -> allow('v3' }");
        JsonNode failed = entriesEventually(3).get(2);
        assertEquals("policy.failed", failed.path("action").asText());
        assertEquals("failed", failed.path("after").path("state").asText());
        assertEquals(v2, failed.path("after").path("running_sha256").asText(), "the last good version keeps running");
        assertTrue(failed.path("after").path("error").asText().startsWith("line 1:"), failed.toString());

        write("tenants/acme/extra.groovy", "beforeRequest { req -> allow() }");
        assertEquals("system:reload policy.loaded file:tenants/acme/extra.groovy", summary(entriesEventually(4)).get(3));

        delete("note.groovy");
        JsonNode removed = entriesEventually(5).get(4);
        assertEquals("system:reload policy.removed file:note.groovy", summary(List.of(removed)).get(0));
        assertEquals("failed", removed.path("before").path("state").asText());
        assertTrue(removed.path("after").isNull());
    }

    @Test
    void should_record_only_what_changed_while_down_when_the_gateway_restarts() {
        write("same.groovy", "beforeRequest { req -> allow() }");
        write("edited.groovy", "beforeRequest { req -> allow('v1') }");
        write("deleted.groovy", "beforeRequest { req -> allow() }");
        start();
        assertEquals(3, entries().size());
        gateway.close();

        write("edited.groovy", "beforeRequest { req -> allow('v2') }");
        delete("deleted.groovy");
        start();

        List<String> after = summary(entries());
        assertEquals(5, after.size(), after.toString());
        assertEquals(List.of("system:start policy.changed file:edited.groovy", "system:start policy.removed file:deleted.groovy"),
                after.subList(3, 5));
        gateway.close();

        start();
        assertEquals(5, entries().size(), "a restart without changes must not write entries");
    }

    private void delete(String relative) {
        try {
            Files.delete(policies().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
