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
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile script dropped into the policies folder of a running gateway: the hot reload refuses it
 * (failed in /admin/v1/policies and in the audit log), its shell command never runs, the last good
 * version keeps running, and requests are still served.
 */
class HostilePolicyReloadTest {

    private static final String MODELS = "  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }\n";
    private static final String CHAT = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path tmp;
    MockUpstream mock;
    TestGateway gateway;
    Path marker;

    @BeforeEach
    void start() {
        marker = tmp.resolve("pwned-marker");
        write("guard.groovy", "beforeRequest { req -> allow('guard v1') }");
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithModelsAndAdmin(mock, tmp, MODELS,
                "policies: { dir: \"" + tmp.resolve("policies") + "\", timeout_ms: 2000, reload_interval_ms: 100 }");
    }

    @AfterEach
    void stop() {
        gateway.close();
        mock.close();
    }

    /** A class whose static initializer would run a shell the moment the class is initialised. */
    private String hostile() {
        return """
                class P implements dev.caravan.api.policy.RequestPolicy {
                    static { ['sh', '-c', 'touch %s'].execute().waitFor() }
                    String id() { 'p' }
                    java.util.concurrent.CompletionStage<dev.caravan.api.policy.PolicyDecision> beforeRequest(dev.caravan.api.policy.PolicyRequest r) {
                        java.util.concurrent.CompletableFuture.completedFuture(dev.caravan.api.policy.PolicyDecision.allow('p'))
                    }
                    void afterResponse(dev.caravan.api.policy.PolicyOutcome o) {}
                }
                """.formatted(marker);
    }

    private void write(String name, String text) {
        try {
            Path dir = Files.createDirectories(tmp.resolve("policies"));
            Path temp = dir.resolve("." + name + ".tmp");
            Files.writeString(temp, text);
            Files.move(temp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<JsonNode> status(String id) {
        HttpResponse<String> response = gateway.get("/admin/v1/policies", "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN));
        assertEquals(200, response.statusCode(), response.body());
        for (JsonNode script : TestGateway.json(response.body()).path("data")) {
            if (script.path("id").asText().equals(id)) {
                return Optional.of(script);
            }
        }
        return Optional.empty();
    }

    private Optional<JsonNode> auditFailure(String file) {
        HttpResponse<String> response = gateway.get("/admin/v1/audit?limit=1000", "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN));
        assertEquals(200, response.statusCode(), response.body());
        for (JsonNode entry : TestGateway.json(response.body()).path("data")) {
            if (entry.path("action").asText().equals("policy.failed") && entry.path("target").asText().equals("file:" + file)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    private void assertServing() {
        HttpResponse<String> ok = gateway.post("/v1/chat/completions", CHAT, "authorization", TestGateway.bearer(TestGateway.KEY));
        assertEquals(200, ok.statusCode(), "gateway stopped serving: " + ok.body());
    }

    @Test
    void should_refuse_a_new_hostile_file_without_running_it_when_it_is_dropped_into_a_running_gateway() {
        assertServing();
        write("hostile.groovy", hostile());

        JsonNode failed = Poll.until(() -> status("hostile"), s -> s.isPresent() && s.get().path("status").asText().equals("failed"),
                Duration.ofSeconds(10), () -> "the hostile file was not refused: " + status("hostile")).orElseThrow();
        assertTrue(failed.path("last_error").asText().contains("not allowed"), failed.toString());
        JsonNode audit = Poll.until(() -> auditFailure("hostile.groovy"), Optional::isPresent, Duration.ofSeconds(5),
                () -> "no policy.failed audit entry").orElseThrow();
        assertEquals("failed", audit.path("after").path("state").asText(), audit.toString());
        assertTrue(audit.path("after").path("error").asText().contains("not allowed"), audit.toString());
        assertServing();
        assertFalse(Files.exists(marker), "the hostile static initializer ran");
    }

    @Test
    void should_keep_the_last_good_version_running_when_a_good_file_is_replaced_by_a_hostile_one() {
        String good = status("guard").orElseThrow().path("version").asText();
        write("guard.groovy", hostile());

        JsonNode failed = Poll.until(() -> status("guard"), s -> s.orElseThrow().path("status").asText().equals("failed"),
                Duration.ofSeconds(10), () -> "the hostile edit was not refused").orElseThrow();
        assertEquals(good, failed.path("version").asText(), "the last good version must keep running");
        assertTrue(auditFailure("guard.groovy").isPresent());
        assertServing();
        assertFalse(Files.exists(marker), "the hostile static initializer ran");
    }
}
