package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockBehavior;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.config.ConfigException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log redactor scripts ({@code policies/redactors/*.groovy}, named {@code script:<name>} in a
 * tenant's redactors) through the real gateway, the mock upstream echoing the prompt, the stored
 * request log and the export: the shipped example masks ticket ids; a script that loops forever or
 * throws stores no bodies (fail closed); a sandbox escape does not load; an edit applies without a
 * restart; a config naming a missing or broken script stops start-up naming the entry.
 */
class RedactorScriptsGatewayTest {

    static final String ENDLESS_KEY = "sk-test-caravan-endless-0001";
    static final String LEAKY_KEY = "sk-test-caravan-leaky-0001";
    static final String RELOAD_KEY = "sk-test-caravan-reload-0001";

    @TempDir
    static Path tmp;
    static Path redactors;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        redactors = Files.createDirectories(tmp.resolve("policies/redactors"));
        // The shipped example, enabled as its header says.
        Files.copy(Path.of(System.getProperty("caravan.test.policies", "../policies"), "examples", "redactors", "ticket-ids.groovy"),
                redactors.resolve("ticket-ids.groovy"));
        write("endless.groovy", "redact { text -> while (true) { }; text }");
        write("leaky.groovy", "redact { text -> throw new IllegalStateException('cannot mask sk-live-0123456789abcdef in ' + text) }");
        write("reloading.groovy", "redact { text -> text.replace('lemon', '[FRUIT v1]') }");
        write("escape.groovy", "redact { text -> System.getenv('HOME') }");
        // A note in acme's receipts: a receipt text, which a redactor script cannot mask on the request path.
        Path acme = Files.createDirectories(tmp.resolve("policies/tenants/acme"));
        Files.writeString(acme.resolve("note.groovy"), "beforeRequest { req -> allow('looked at TCK-5') }");
        mock = MockUpstream.start(MockOptions.defaults().withDefaultBehavior(MockBehavior.defaults().withOverride("echo", "true")));
        gateway = TestGateway.startWithModelsAndAdmin(mock, tmp, "  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }",
                """
                  - { name: endless, key: "%s", tenant: endless }
                  - { name: leaky, key: "%s", tenant: leaky }
                  - { name: reload, key: "%s", tenant: fruit }
                policies: { dir: "%s", reload_interval_ms: 100, timeout_ms: 400 }
                logging: { flush_interval_ms: 20 }
                tenants:
                  - { id: acme, logging: redacted, redactors: [pii, "script:ticket-ids"] }
                  - { id: endless, logging: redacted, redactors: ["script:endless"] }
                  - { id: leaky, logging: redacted, redactors: ["script:leaky"] }
                  - { id: fruit, logging: redacted, redactors: ["script:reloading"] }
                breaker: { window: 10000, minimum_calls: 10000 }
                """.formatted(ENDLESS_KEY, LEAKY_KEY, RELOAD_KEY, tmp.resolve("policies")));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    static void write(String name, String text) {
        try {
            Path temp = redactors.resolve("." + name + ".tmp");
            Files.writeString(temp, text);
            Files.move(temp, redactors.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static HttpResponse<String> admin(String path) {
        return gateway.get(path, "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN));
    }

    @Test
    void should_store_ticket_ids_masked_in_the_log_and_the_export_when_the_tenant_names_the_script() {
        String traceId = chat(TestGateway.KEY, "Please look at TCK-1234 and mail jane.doe@example.com", false);
        JsonNode log = storedLog(traceId);
        String stored = log.get("request_body").asText() + log.get("response_body").asText();
        assertFalse(stored.contains("TCK-1234"), stored);
        assertTrue(stored.contains("Please look at [TICKET] and mail [EMAIL]"), stored); // the pii plugin ran first
        assertEquals(2, log.get("redactions").get("ticket").asInt(), log.toString()); // request and echoed answer
        HttpResponse<String> export = admin("/admin/v1/exports?format=jsonl&include=logs&tenant=acme");
        assertEquals(200, export.statusCode(), export.body());
        assertTrue(export.body().contains(traceId) && export.body().contains("[TICKET]"), export.body());
        assertFalse(export.body().contains("TCK-1234"), export.body());
    }

    @Test
    void should_withhold_receipt_texts_when_the_tenant_names_a_redactor_script() {
        String traceId = chat(TestGateway.KEY, "hello", false);
        JsonNode receipt = gateway.receiptEventually(traceId, TestGateway.KEY);
        JsonNode note = StreamSupport.stream(receipt.get("decisions").spliterator(), false)
                .filter(d -> d.get("id").asText().equals("tenants/acme/note")).findFirst().orElseThrow(() -> new AssertionError(receipt.toString()));
        assertEquals("[withheld]", note.get("detail").asText(), receipt.toString());
        assertEquals("fast", receipt.get("requested_model").asText()); // a configured alias is no free text
    }

    @Test
    void should_document_the_shipped_example_and_its_config_as_this_test_runs_them() throws IOException {
        String doc = Files.readString(Path.of("../docs/logging-and-privacy.md"));
        String example = Files.readString(redactors.resolve("ticket-ids.groovy"));
        String handler = example.lines().filter(l -> l.startsWith("redact {")).findFirst().orElseThrow();
        assertTrue(doc.contains(handler), "docs/logging-and-privacy.md does not show " + handler);
        assertTrue(doc.contains("- { id: acme, logging: redacted, redactors: [pii, \"script:ticket-ids\"] }"), "config example");
    }

    @Test
    void should_mask_the_streamed_answer_when_the_tenant_names_the_script() {
        String traceId = chat(TestGateway.KEY, "ticket TCK-99 is open", true);
        String answer = storedLog(traceId).get("response_body").asText();
        assertTrue(answer.contains("ticket [TICKET] is open"), answer);
    }

    @Test
    void should_store_no_bodies_when_the_script_runs_past_its_time_limit() {
        String traceId = chat(ENDLESS_KEY, "TCK-1234 forever", false);
        JsonNode log = storedLog(traceId);
        assertTrue(log.get("request_body").isNull() && log.get("response_body").isNull(), log.toString());
        assertEquals(1, log.get("redactions").get("redactor_failed").asInt(), log.toString());
        assertFalse(log.toString().contains("TCK-1234"), log.toString());
    }

    @Test
    void should_store_no_bodies_and_log_a_sanitised_reason_when_the_script_throws() {
        Logger logger = (Logger) org.slf4j.LoggerFactory.getLogger("dev.caravan.platform.logging.LogEntryBuilder");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            String traceId = chat(LEAKY_KEY, "TCK-777 inside", false);
            JsonNode log = storedLog(traceId);
            assertTrue(log.get("request_body").isNull() && log.get("response_body").isNull(), log.toString());
            String warning = logged.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(traceId))
                    .findFirst().orElseThrow(() -> new AssertionError("no warning for " + traceId + ": " + logged.list));
            assertTrue(warning.contains("IllegalStateException at line 1"), warning);
            assertFalse(warning.contains("TCK-777") || warning.contains("sk-live-0123456789abcdef") || warning.contains("\tat "), warning);
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void should_list_a_sandbox_escape_as_failed_and_the_redactors_as_active() {
        JsonNode list = TestGateway.json(admin("/admin/v1/policies").body()).get("data");
        JsonNode escape = find(list, "redactors/escape");
        assertEquals("redactor", escape.get("kind").asText());
        assertEquals("failed", escape.get("status").asText());
        assertTrue(escape.get("last_error").asText().contains("System"), escape.toString());
        assertEquals("active", find(list, "redactors/ticket-ids").get("status").asText(), list.toString());
    }

    @Test
    void should_audit_the_load_of_a_redactor_script_with_its_kind() {
        HttpResponse<String> audit = admin("/admin/v1/audit?action=policy.loaded");
        assertEquals(200, audit.statusCode(), audit.body());
        JsonNode entry = StreamSupport.stream(TestGateway.json(audit.body()).get("data").spliterator(), false)
                .filter(e -> e.get("target").asText().equals("file:redactors/ticket-ids.groovy")).findFirst()
                .orElseThrow(() -> new AssertionError(audit.body()));
        assertEquals("redactor", entry.get("after").get("kind").asText(), entry.toString());
        assertEquals("redactors/ticket-ids", entry.get("after").get("id").asText(), entry.toString());
    }

    @Test
    void should_apply_an_edit_without_restart_and_keep_the_last_good_version_when_the_edit_is_broken() {
        write("reloading.groovy", "redact { text -> text.replace('lemon', '[FRUIT v2]') }");
        Poll.until(() -> storedLog(chat(RELOAD_KEY, "a lemon", false))
                .get("request_body").asText(), body -> body.contains("[FRUIT v2]"), Duration.ofSeconds(10), () -> "edit not applied");
        write("reloading.groovy", "redact { text -> ");
        Poll.until(() -> find(TestGateway.json(admin("/admin/v1/policies").body()).get("data"), "redactors/reloading"),
                s -> s.get("status").asText().equals("failed"), Duration.ofSeconds(10), () -> "broken edit not noticed");
        String body = storedLog(chat(RELOAD_KEY, "one lemon", false))
                .get("request_body").asText();
        assertTrue(body.contains("one [FRUIT v2]"), body);
    }

    @Test
    void should_stop_start_up_naming_the_entry_when_a_named_script_is_missing_or_broken(@TempDir Path other) throws IOException {
        Path dir = Files.createDirectories(other.resolve("policies/redactors"));
        Files.writeString(dir.resolve("escape.groovy"), "redact { text -> Runtime.getRuntime().exec('id'); text }");
        ConfigException e = assertThrows(ConfigException.class, () -> TestGateway.startWithModelsAndAdmin(mock, other,
                "  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }", """
                policies: { dir: "%s" }
                tenants:
                  - { id: acme, logging: redacted, redactors: [pii, "script:nope"] }
                  - { id: beta, logging: redacted, redactors: ["script:escape"] }
                """.formatted(other.resolve("policies"))));
        assertTrue(e.getMessage().contains("tenants[0].redactors[1]: no redactor script 'nope' (expected the file "
                + dir.resolve("nope.groovy")), e.getMessage());
        assertTrue(e.getMessage().contains("tenants[1].redactors[0]: redactor script " + dir.resolve("escape.groovy") + " does not load"),
                e.getMessage());
    }

    static String chat(String key, String content, boolean stream) {
        String body = TestGateway.JSON.createObjectNode().put("model", "fast").put("stream", stream)
                .set("messages", TestGateway.JSON.createArrayNode().add(
                        TestGateway.JSON.createObjectNode().put("role", "user").put("content", content))).toString();
        HttpResponse<String> response = gateway.post("/v1/chat/completions", body, "authorization", TestGateway.bearer(key));
        assertEquals(200, response.statusCode(), response.body());
        String traceId = response.headers().firstValue("x-caravan-trace-id").orElseThrow();
        if (stream) {
            gateway.receiptEventually(traceId, key); // a stream hands its log over after the last byte
        }
        return traceId;
    }

    static JsonNode storedLog(String traceId) {
        HttpResponse<String> response = Poll.until(() -> {
            assertTrue(gateway.gateway().flushRequestLogs(Duration.ofSeconds(10)), "request logs not flushed");
            return admin("/admin/v1/logs/" + traceId);
        }, r -> r.statusCode() != 404, Duration.ofSeconds(10), () -> "no request log " + traceId);
        assertEquals(200, response.statusCode(), response.body());
        return TestGateway.json(response.body());
    }

    static JsonNode find(JsonNode list, String id) {
        return StreamSupport.stream(list.spliterator(), false).filter(s -> s.get("id").asText().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no script " + id + " in " + list));
    }
}
