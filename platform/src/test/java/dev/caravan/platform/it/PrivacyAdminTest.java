package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockBehavior;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports, retention and audit through real HTTP on a gateway whose tenant acme logs full bodies.
 * Two requests are made first; one carries the provider key in its prompt and a comma, quote and
 * newline (CSV quoting).
 */
class PrivacyAdminTest {

    static final String PROVIDER_KEY = "sk-upstream-secret-123";
    static final String TRICKY = "he said \"hi, there\"\nand left";

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;
    static List<String> traceIds = new ArrayList<>();

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults().withDefaultBehavior(MockBehavior.defaults().withOverride("echo", "true")));
        gateway = TestGateway.startWithModelsAndAdmin(mock, tmp, "  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }",
                """
                logging: { flush_interval_ms: 20, default_retention_days: 90 }
                tenants:
                  - { id: acme, logging: full, retention_days: 30 }
                """);
        for (String content : List.of("key " + PROVIDER_KEY, TRICKY)) {
            String body = TestGateway.JSON.createObjectNode().put("model", "fast").set("messages", TestGateway.JSON.createArrayNode()
                    .add(TestGateway.JSON.createObjectNode().put("role", "user").put("content", content))).toString();
            HttpResponse<String> r = gateway.post("/v1/chat/completions", body, "authorization", TestGateway.bearer(TestGateway.KEY));
            assertEquals(200, r.statusCode(), r.body());
            traceIds.add(r.headers().firstValue("x-caravan-trace-id").orElseThrow());
        }
        assertTrue(gateway.gateway().flushReceipts(Duration.ofSeconds(10)));
        assertTrue(gateway.gateway().flushRequestLogs(Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    static HttpResponse<String> admin(String path) {
        return gateway.get(path, "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN));
    }

    @Test
    void should_export_receipts_as_jsonl_one_per_line_oldest_first() {
        HttpResponse<String> r = admin("/admin/v1/exports?format=jsonl&include=receipts&tenant=acme");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/x-ndjson"));
        String[] lines = r.body().split("\n");
        assertEquals(2, lines.length, r.body());
        assertEquals(traceIds.get(0), TestGateway.json(lines[0]).get("trace_id").asText());
        assertEquals(traceIds.get(1), TestGateway.json(lines[1]).get("trace_id").asText());
    }

    @Test
    void should_export_logs_as_csv_with_quoted_cells_and_no_secret() {
        HttpResponse<String> r = admin("/admin/v1/exports?format=csv&include=logs");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
        assertTrue(r.body().startsWith("trace_id,tenant_id,key_id,received_at,mode,do_not_track,request_body,response_body,truncated,redactions\r\n"), r.body());
        assertFalse(r.body().contains(PROVIDER_KEY), r.body());
        // The stored body is JSON, so the prompt's quote is \" in it; CSV doubles every quote.
        assertTrue(r.body().contains("he said \\\"\"hi, there\\\"\"\\nand left"), r.body());
        assertEquals(3, r.body().split("\r\n").length, r.body());
    }

    @Test
    void should_export_nothing_but_the_header_when_no_row_matches() {
        HttpResponse<String> r = admin("/admin/v1/exports?format=csv&tenant=nobody");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, r.body().split("\r\n").length, r.body());
    }

    @Test
    void should_answer_400_naming_the_parameter_when_an_export_parameter_is_wrong() {
        HttpResponse<String> r = admin("/admin/v1/exports?format=xml");
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("format", TestGateway.json(r.body()).get("error").get("param").asText());
        HttpResponse<String> unknown = admin("/admin/v1/exports?tenants=acme");
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertEquals("tenants", TestGateway.json(unknown.body()).get("error").get("param").asText());
    }

    @Test
    void should_refuse_exports_without_the_admin_token() {
        HttpResponse<String> r = gateway.get("/admin/v1/exports", "authorization", TestGateway.bearer(TestGateway.KEY));
        assertEquals(401, r.statusCode(), r.body());
    }

    @Test
    void should_show_each_tenants_retention_when_asked() {
        HttpResponse<String> r = admin("/admin/v1/retention");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = TestGateway.json(r.body());
        assertEquals(30, body.get("retention_days").get("acme").asInt());
        assertEquals(90, body.get("retention_days").get("*").asInt());
    }

    @Test
    void should_purge_now_report_the_run_and_audit_it_when_run_is_posted() {
        HttpResponse<String> r = gateway.post("/admin/v1/retention/run", "", "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode run = TestGateway.json(r.body()).get("last_run");
        assertEquals(0, run.get("receipts_deleted").asInt(), r.body()); // today's receipts are within 30 days
        assertTrue(run.get("by_tenant").has("acme"), r.body());
        JsonNode audit = TestGateway.json(admin("/admin/v1/audit?action=retention.run").body());
        assertEquals("admin-token", audit.get("data").get(0).get("actor").asText());
    }

    @Test
    void should_list_the_logging_settings_audited_at_start() {
        HttpResponse<String> r = admin("/admin/v1/audit?action=logging.settings");
        assertEquals(200, r.statusCode(), r.body());
        List<String> targets = new ArrayList<>();
        TestGateway.json(r.body()).get("data").forEach(e -> targets.add(e.get("target").asText()));
        assertTrue(targets.contains("tenant:acme") && targets.contains("tenant:*"), targets.toString());
    }

    @Test
    void should_page_the_audit_log_with_next_cursor() {
        JsonNode first = TestGateway.json(admin("/admin/v1/audit?limit=1").body());
        assertTrue(first.get("has_more").asBoolean(), first.toString());
        JsonNode second = TestGateway.json(admin("/admin/v1/audit?limit=1&cursor=" + first.get("next_cursor").asText()).body());
        assertTrue(second.get("data").get(0).get("id").asLong() < first.get("data").get(0).get("id").asLong());
    }

    @Test
    void should_answer_400_naming_the_parameter_when_the_audit_cursor_is_bad() {
        HttpResponse<String> r = admin("/admin/v1/audit?cursor=abc");
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("cursor", TestGateway.json(r.body()).get("error").get("param").asText());
    }
}
