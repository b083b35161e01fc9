package dev.caravan.platform.it;

import static dev.caravan.platform.it.TestGateway.ADMIN_TOKEN;
import static dev.caravan.platform.it.TestGateway.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the config file changes at start-up is audited by actor {@code config}: budgets and
 * bootstrap keys against what the database held, budget alert settings against the last audited
 * ones. Each test restarts a real gateway on the same database and reads {@code GET /admin/v1/audit}.
 * Run on H2 and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConfigChangeAuditTest {

    static final String WEBHOOK = "https://hooks.example.com/services/T0/B0/hook-secret-77?token=query-secret-88";

    Path tmp;

    /** The {@code storage:} flow mapping; the same database for every start of the class. */
    protected abstract String storageYaml(Path tmp);

    @BeforeAll
    void createTmp() throws IOException {
        tmp = Files.createTempDirectory("caravan-config-audit");
    }

    /** One key {@code name} and one tenant budget {@code name}, as a config file's text. */
    private String config(String name, String keyValue, String tenant, String limitUsd) {
        return """
                server: { host: 127.0.0.1, port: %d, io_threads: 2 }
                storage: %s
                admin: { token: "%s" }
                routes: { dir: "%s" }
                plugins: { dir: "%s" }
                receipts: { spill_file: "%s/spill.jsonl" }
                providers:
                  - { id: mock, plugin: openai, base_url: "http://127.0.0.1:9/v1" }
                models:
                  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                keys:
                  - { name: %s, key: "%s", tenant: %s, models: [ fast ] }
                budgets:
                  - { name: %s, scope: { tenant: %s }, limit_usd: "%s", period: monthly }
                budget_alerts: { webhook: "%s" }
                """.formatted(TestGateway.freePort(), storageYaml(tmp), ADMIN_TOKEN, TestGateway.routesDir(), TestGateway.pluginsDir(),
                tmp, name, keyValue, tenant, name, tenant, limitUsd, WEBHOOK);
    }

    private static List<JsonNode> audited(TestGateway gateway, String action, String target) {
        HttpResponse<String> r = gateway.get("/admin/v1/audit?limit=1000&action=" + action, "authorization", bearer(ADMIN_TOKEN));
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> entries = new ArrayList<>();
        TestGateway.json(r.body()).path("data").forEach(e -> {
            if (e.path("target").asText().equals(target)) {
                entries.add(e);
            }
        });
        return entries;
    }

    @Test
    void should_audit_the_configs_budget_and_key_as_created_on_their_first_start() {
        try (TestGateway gateway = TestGateway.startFromYaml(config("first", "sk-config-first-00000001", "acme", "10"), tmp)) {
            JsonNode budget = audited(gateway, "budget.create", "budget:first").get(0);
            assertEquals("config", budget.path("actor").asText());
            assertTrue(budget.path("before").isNull(), budget.toString());
            assertEquals("10", budget.path("after").path("limit_usd").asText(), budget.toString());

            JsonNode key = audited(gateway, "key.create", "key:first").get(0);
            assertEquals("config", key.path("actor").asText());
            assertEquals("acme", key.path("after").path("tenant").asText(), key.toString());
            assertEquals("fast", key.path("after").path("models").path(0).asText(), key.toString());
            assertEquals("****", key.path("after").path("key_hash").asText(), key.toString());
        }
    }

    @Test
    void should_audit_a_changed_config_budget_with_what_the_database_held_as_before() {
        String name = "edited";
        try (TestGateway gateway = TestGateway.startFromYaml(config(name, "sk-config-edited-0000001", "acme", "10"), tmp)) {
            HttpResponse<String> put = gateway.send("PUT", "/admin/v1/budgets/" + name,
                    "{\"scope\":{\"tenant\":\"acme\"},\"limit_usd\":\"20\",\"period\":\"monthly\"}",
                    "authorization", bearer(ADMIN_TOKEN), "content-type", "application/json");
            assertEquals(200, put.statusCode(), put.body());
        }
        try (TestGateway gateway = TestGateway.startFromYaml(config(name, "sk-config-edited-0000001", "acme", "30"), tmp)) {
            List<JsonNode> updates = audited(gateway, "budget.update", "budget:" + name);
            assertEquals(2, updates.size(), updates.toString());
            JsonNode byConfig = updates.get(0);
            assertEquals("config", byConfig.path("actor").asText());
            assertEquals("20", byConfig.path("before").path("limit_usd").asText(), byConfig.toString()); // the admin's edit
            assertEquals("30", byConfig.path("after").path("limit_usd").asText(), byConfig.toString());
            assertEquals("admin-token", updates.get(1).path("actor").asText());
        }
    }

    @Test
    void should_audit_a_new_key_value_as_rotation_and_a_new_tenant_as_update() {
        String name = "rotated";
        try (TestGateway ignored = TestGateway.startFromYaml(config(name, "sk-config-rotated-000001", "acme", "10"), tmp)) {
            // first start: key.create
        }
        try (TestGateway ignored = TestGateway.startFromYaml(config(name, "sk-config-rotated-000002", "acme", "10"), tmp)) {
            // the value changed
        }
        try (TestGateway gateway = TestGateway.startFromYaml(config(name, "sk-config-rotated-000002", "globex", "10"), tmp)) {
            JsonNode rotation = audited(gateway, "key.rotate", "key:" + name).get(0);
            assertEquals("config", rotation.path("actor").asText());
            assertEquals("****", rotation.path("before").path("key_hash").asText(), rotation.toString());
            assertEquals("****", rotation.path("after").path("key_hash").asText(), rotation.toString());
            assertFalse(rotation.toString().contains("sk-config-rotated"), rotation.toString());

            JsonNode update = audited(gateway, "key.update", "key:" + name).get(0);
            assertEquals("acme", update.path("before").path("tenant").asText(), update.toString());
            assertEquals("globex", update.path("after").path("tenant").asText(), update.toString());
        }
    }

    @Test
    void should_write_no_entry_when_the_config_did_not_change_since_the_last_start() {
        String config = config("steady", "sk-config-steady-0000001", "acme", "10");
        try (TestGateway ignored = TestGateway.startFromYaml(config, tmp)) {
            // first start: the entries
        }
        try (TestGateway gateway = TestGateway.startFromYaml(config, tmp)) {
            assertEquals(1, audited(gateway, "budget.create", "budget:steady").size());
            assertTrue(audited(gateway, "budget.update", "budget:steady").isEmpty());
            assertEquals(1, audited(gateway, "key.create", "key:steady").size());
            assertTrue(audited(gateway, "key.update", "key:steady").isEmpty());
            assertTrue(audited(gateway, "key.rotate", "key:steady").isEmpty());
        }
    }

    @Test
    void should_record_the_budget_alert_webhook_as_scheme_and_host_only() {
        try (TestGateway gateway = TestGateway.startFromYaml(config("alerts", "sk-config-alerts-0000001", "acme", "10"), tmp)) {
            JsonNode settings = audited(gateway, "budget_alerts.settings", "budget_alerts").get(0);
            assertEquals("config", settings.path("actor").asText());
            assertEquals("https://hooks.example.com", settings.path("after").path("webhook").asText(), settings.toString());
            assertEquals(3, settings.path("after").path("retries").asInt(), settings.toString());
            String all = gateway.get("/admin/v1/audit?limit=1000", "authorization", bearer(ADMIN_TOKEN)).body();
            assertFalse(all.contains("hook-secret-77") || all.contains("query-secret-88"), all);
        }
    }
}
