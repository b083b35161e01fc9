package dev.caravan.platform.it;

import static dev.caravan.platform.it.TestGateway.ADMIN_TOKEN;
import static dev.caravan.platform.it.TestGateway.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.cli.CaravanCli;
import dev.caravan.platform.config.StorageConfig;
import dev.caravan.platform.storage.Storage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * Every state-changing admin action leaves an audit entry, read back through
 * {@code GET /admin/v1/audit} of a real gateway: budgets through the admin API, keys through the
 * CLI on the gateway's database, retention runs. Run on H2 and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AdminAuditTest {

    MockUpstream mock;
    TestGateway gateway;
    Path tmp;

    /** The {@code storage:} flow mapping of the gateway and the CLI. */
    protected abstract String storageYaml(Path tmp);

    /** The same database, for a second connection pool of the test's own. */
    protected abstract StorageConfig storageConfig(Path tmp);

    @BeforeAll
    void start() throws IOException {
        tmp = Files.createTempDirectory("caravan-admin-audit");
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startOnWithModelsAndAdmin(mock, tmp, storageYaml(tmp), BudgetScenario.MODELS, BudgetScenario.sections(""));
    }

    @AfterAll
    void stop() {
        gateway.close();
        mock.close();
    }

    private HttpResponse<String> admin(String method, String path, String body) {
        return gateway.send(method, path, body, "authorization", bearer(ADMIN_TOKEN), "content-type", "application/json");
    }

    /** The audit entries of one action and target, newest first, as {@code GET /admin/v1/audit} lists them. */
    private List<JsonNode> audited(String action, String target) {
        HttpResponse<String> r = admin("GET", "/admin/v1/audit?limit=1000&action=" + action, null);
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> entries = new ArrayList<>();
        TestGateway.json(r.body()).path("data").forEach(e -> {
            if (e.path("target").asText().equals(target)) {
                entries.add(e);
            }
        });
        return entries;
    }

    private JsonNode onlyEntry(String action, String target) {
        List<JsonNode> entries = audited(action, target);
        assertEquals(1, entries.size(), action + " " + target + ": " + entries);
        return entries.get(0);
    }

    private void created(String body) {
        HttpResponse<String> r = admin("POST", "/admin/v1/budgets", body);
        assertEquals(201, r.statusCode(), r.body());
    }

    @Test
    void should_audit_a_budget_creation_with_the_new_definition() {
        created("{\"name\":\"audit-create\",\"scope\":{\"tenant\":\"acme\"},\"limit_usd\":\"12.50\",\"period\":\"monthly\"}");

        JsonNode entry = onlyEntry("budget.create", "budget:audit-create");
        assertEquals("admin-token", entry.path("actor").asText());
        assertTrue(entry.path("before").isNull(), entry.toString());
        assertEquals("12.50", entry.path("after").path("limit_usd").asText(), entry.toString());
        assertEquals("acme", entry.path("after").path("scope").path("tenant").asText(), entry.toString());
        assertFalse(entry.path("at").asText().isEmpty(), entry.toString());
    }

    @Test
    void should_audit_a_budget_replacement_with_the_old_and_the_new_definition() {
        created("{\"name\":\"audit-update\",\"scope\":{\"key\":\"dev\"},\"limit_tokens\":1000,\"period\":\"daily\"}");
        HttpResponse<String> r = admin("PUT", "/admin/v1/budgets/audit-update",
                "{\"scope\":{\"key\":\"dev\"},\"limit_tokens\":5000,\"period\":\"weekly\"}");
        assertEquals(200, r.statusCode(), r.body());

        JsonNode entry = onlyEntry("budget.update", "budget:audit-update");
        assertEquals("admin-token", entry.path("actor").asText());
        assertEquals(1000, entry.path("before").path("limit_tokens").asLong(), entry.toString());
        assertEquals("daily", entry.path("before").path("period").asText(), entry.toString());
        assertEquals(5000, entry.path("after").path("limit_tokens").asLong(), entry.toString());
        assertEquals("weekly", entry.path("after").path("period").asText(), entry.toString());
        assertEquals("dev", entry.path("after").path("scope").path("key_name").asText(), entry.toString()); // a key's name, not masked
    }

    @Test
    void should_audit_a_budget_deletion_with_the_deleted_definition() {
        created("{\"name\":\"audit-delete\",\"scope\":{\"alias\":\"cheap\"},\"limit_usd\":\"3\",\"period\":\"total\"}");
        assertEquals(200, admin("DELETE", "/admin/v1/budgets/audit-delete", null).statusCode());

        JsonNode entry = onlyEntry("budget.delete", "budget:audit-delete");
        assertEquals("admin-token", entry.path("actor").asText());
        assertEquals("3", entry.path("before").path("limit_usd").asText(), entry.toString());
        assertTrue(entry.path("after").isNull(), entry.toString());
    }

    @Test
    void should_audit_a_top_up_with_the_balance_before_and_after() {
        created("{\"name\":\"audit-prepaid\",\"scope\":{\"tenant\":\"prepaid-co\"},\"prepaid\":true}");
        assertEquals(200, admin("POST", "/admin/v1/budgets/audit-prepaid/topup", "{\"amount_usd\":\"10.00\"}").statusCode());
        HttpResponse<String> second = admin("POST", "/admin/v1/budgets/audit-prepaid/topup", "{\"amount_usd\":\"2.5\"}");
        assertEquals(200, second.statusCode(), second.body());

        List<JsonNode> entries = audited("budget.topup", "budget:audit-prepaid");
        assertEquals(2, entries.size(), entries.toString());
        JsonNode latest = entries.get(0);
        assertEquals("admin-token", latest.path("actor").asText());
        assertEquals(0, new BigDecimal("10").compareTo(new BigDecimal(latest.path("before").path("credited_usd").asText())), latest.toString());
        assertEquals(0, new BigDecimal("12.5").compareTo(new BigDecimal(latest.path("after").path("credited_usd").asText())), latest.toString());
        assertEquals("2.5", latest.path("after").path("amount_usd").asText(), latest.toString());
        assertEquals(0, new BigDecimal(entries.get(1).path("before").path("credited_usd").asText()).signum(), entries.toString());
    }

    @Test
    void should_record_nothing_when_a_budget_change_is_refused() {
        created("{\"name\":\"audit-refused\",\"scope\":{\"key\":\"dev\"},\"limit_usd\":\"1\",\"period\":\"daily\"}");

        assertEquals(404, admin("PUT", "/admin/v1/budgets/audit-missing",
                "{\"scope\":{\"key\":\"dev\"},\"limit_usd\":\"2\",\"period\":\"daily\"}").statusCode());
        assertEquals(404, admin("DELETE", "/admin/v1/budgets/audit-missing", null).statusCode());
        assertEquals(409, admin("POST", "/admin/v1/budgets",
                "{\"name\":\"audit-refused\",\"scope\":{\"key\":\"dev\"},\"limit_usd\":\"9\",\"period\":\"daily\"}").statusCode());
        assertEquals(400, admin("POST", "/admin/v1/budgets/audit-refused/topup", "{\"amount_usd\":\"5\"}").statusCode());

        assertTrue(audited("budget.update", "budget:audit-missing").isEmpty());
        assertTrue(audited("budget.delete", "budget:audit-missing").isEmpty());
        assertEquals(1, audited("budget.create", "budget:audit-refused").size());
        assertTrue(audited("budget.topup", "budget:audit-refused").isEmpty());
    }

    @Test
    void should_answer_503_and_change_nothing_when_the_audit_entry_cannot_be_written() {
        try (Storage side = Storage.open(storageConfig(tmp))) {
            side.jdbi().useHandle(h -> h.execute("ALTER TABLE audit_log RENAME TO audit_log_unavailable"));
            HttpResponse<String> r;
            try {
                r = admin("POST", "/admin/v1/budgets",
                        "{\"name\":\"audit-unwritable\",\"scope\":{\"key\":\"dev\"},\"limit_usd\":\"1\",\"period\":\"daily\"}");
            } finally {
                side.jdbi().useHandle(h -> h.execute("ALTER TABLE audit_log_unavailable RENAME TO audit_log"));
            }
            assertEquals(503, r.statusCode(), r.body());
            assertEquals("storage_unavailable", TestGateway.json(r.body()).path("error").path("code").asText(), r.body());
        }
        assertEquals(404, admin("GET", "/admin/v1/budgets/audit-unwritable", null).statusCode());
        assertTrue(audited("budget.create", "budget:audit-unwritable").isEmpty());
    }

    @Test
    void should_audit_a_retention_run_with_its_result() {
        assertEquals(200, admin("POST", "/admin/v1/retention/run", "").statusCode());

        JsonNode entry = audited("retention.run", "retention").get(0);
        assertEquals("admin-token", entry.path("actor").asText());
        assertEquals(0, entry.path("after").path("receipts_deleted").asInt(-1), entry.toString());
        assertFalse(entry.path("after").path("started_at").asText().isEmpty(), entry.toString());
    }

    // The CLI works on the database directly; the gateway's audit endpoint must show its changes.

    private String cli(String... args) {
        Path config = tmp.resolve("cli.yaml");
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            Files.writeString(config, "storage: " + storageYaml(tmp) + "\n");
            System.setOut(new PrintStream(captured, true));
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--config", config.toString()));
            assertEquals(0, new CommandLine(new CaravanCli()).execute(all.toArray(String[]::new)), "exit code of " + all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            System.setOut(out);
        }
        return captured.toString().trim();
    }

    @Test
    void should_audit_a_key_created_through_the_cli_without_its_value() {
        String key = cli("keys", "create", "--name", "cli-created", "--tenant", "acme", "--models", "fast");

        JsonNode entry = onlyEntry("key.create", "key:cli-created");
        assertTrue(entry.path("actor").asText().startsWith("cli:"), entry.toString());
        assertTrue(entry.path("before").isNull(), entry.toString());
        assertEquals("acme", entry.path("after").path("tenant").asText(), entry.toString());
        assertEquals("fast", entry.path("after").path("models").path(0).asText(), entry.toString());
        assertFalse(entry.toString().contains(key), entry.toString());
    }

    @Test
    void should_audit_a_key_rotated_through_the_cli_with_both_values_masked() {
        String old = cli("keys", "create", "--name", "cli-rotated");
        String rotated = cli("keys", "rotate", "--name", "cli-rotated");

        JsonNode entry = onlyEntry("key.rotate", "key:cli-rotated");
        assertTrue(entry.path("actor").asText().startsWith("cli:"), entry.toString());
        assertEquals("****", entry.path("before").path("key").asText(), entry.toString());
        assertEquals("****", entry.path("after").path("key").asText(), entry.toString());
        assertFalse(entry.toString().contains(old) || entry.toString().contains(rotated), entry.toString());
        String chat = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        // Neither value was looked up before, so no cached look-up hides the rotation.
        assertEquals(200, gateway.post("/v1/chat/completions", chat, "authorization", bearer(rotated)).statusCode());
        assertEquals(401, gateway.post("/v1/chat/completions", chat, "authorization", bearer(old)).statusCode());
    }

    @Test
    void should_audit_a_key_revoked_through_the_cli() {
        cli("keys", "create", "--name", "cli-revoked");
        cli("keys", "revoke", "--name", "cli-revoked");

        JsonNode entry = onlyEntry("key.revoke", "key:cli-revoked");
        assertTrue(entry.path("before").path("active").asBoolean(), entry.toString());
        assertFalse(entry.path("after").path("active").asBoolean(), entry.toString());
    }

    @Test
    void should_audit_do_not_track_set_through_the_cli_with_the_flag_before_and_after() {
        cli("keys", "create", "--name", "cli-dnt");
        cli("keys", "do-not-track", "--name", "cli-dnt");
        cli("keys", "do-not-track", "--name", "cli-dnt", "--off");

        List<JsonNode> entries = audited("key.do_not_track", "key:cli-dnt");
        assertEquals(2, entries.size(), entries.toString());
        assertTrue(entries.get(0).path("before").path("do_not_track").asBoolean(), entries.toString());
        assertFalse(entries.get(0).path("after").path("do_not_track").asBoolean(), entries.toString());
        assertFalse(entries.get(1).path("before").path("do_not_track").asBoolean(), entries.toString());
        assertTrue(entries.get(1).path("after").path("do_not_track").asBoolean(), entries.toString());
    }
}
