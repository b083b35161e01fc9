package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groovy policy scripts through the real gateway and the mock upstream: tenant acme's script
 * refuses requests tagged {@code block}, the shipped require-team-tag example refuses untagged
 * ones, a global script routes {@code tier: gold} to alias premium, and a script broken while running
 * shows up in {@code GET /admin/v1/policies}.
 */
class ScriptPoliciesGatewayTest {

    private static final String CHAT = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        Path policies = tmp.resolve("policies");
        Files.createDirectories(policies.resolve("tenants/acme"));
        Files.createDirectories(policies.resolve("tenants/other"));
        Files.writeString(policies.resolve("gold.groovy"),
                "beforeRequest { req -> req.metadata.tier == 'gold' ? modify(alias: 'premium', note: 'gold tier') : allow() }");
        Files.writeString(policies.resolve("tenants/acme/block.groovy"),
                "beforeRequest { req -> req.metadata.block ? deny(403, 'blocked_by_policy', 'Blocked for this test') : allow() }");
        // The shipped example, enabled as docs/policies.md shows: copied into the tenant's folder.
        Files.copy(Path.of(System.getProperty("caravan.test.policies", "../policies"), "examples", "require-team-tag.groovy"),
                policies.resolve("tenants/acme/require-team-tag.groovy"));
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithModelsAndAdmin(mock, tmp, """
                  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                  - { alias: premium, targets: [ { provider: mock, model: gpt-4o } ] }
                """,
                // Roomy limits: this test is about decisions, and the build host may be very busy.
                // The 50 ms default and its enforcement are tested in ScriptTimeoutTest.
                "policies: { dir: \"" + policies + "\", timeout_ms: 2000 }\nadmit: { policy_timeout_ms: 4000 }");
        // A broken script at start-up stops it (ConfiguredControlsTest); saved while running, it is listed as failed.
        Files.writeString(policies.resolve("tenants/other/broken.groovy"), "beforeRequest { req -> allow( }");
        Poll.until(() -> gateway.get("/admin/v1/policies", "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN)).body(),
                body -> body.contains("tenants/other/broken"), Duration.ofSeconds(10), () -> "broken script not picked up");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    private static HttpResponse<String> chat(String metadata) {
        return gateway.post("/v1/chat/completions", CHAT, "authorization", TestGateway.bearer(TestGateway.KEY),
                "content-type", "application/json", "x-caravan-metadata", metadata);
    }

    private static List<String> decisions(String traceId) {
        JsonNode receipt = gateway.receiptEventually(traceId, TestGateway.KEY);
        List<String> out = new ArrayList<>();
        receipt.path("decisions").forEach(d -> out.add(d.path("id").asText() + " " + d.path("outcome").asText()));
        return out;
    }

    private static String trace(HttpResponse<String> response) {
        return response.headers().firstValue("x-caravan-trace-id").orElseThrow();
    }

    @Test
    void should_refuse_with_403_openai_error_naming_the_policy_when_tenant_script_denies() {
        HttpResponse<String> response = chat("{\"block\":\"yes\",\"team\":\"search\"}");
        assertEquals(403, response.statusCode(), response.body());
        JsonNode error = TestGateway.json(response.body()).path("error");
        assertEquals("blocked_by_policy", error.path("code").asText());
        assertEquals("Blocked for this test (policy 'tenants/acme/block')", error.path("message").asText());
        assertEquals("invalid_request_error", error.path("type").asText());
        assertTrue(decisions(trace(response)).contains("tenants/acme/block deny"), decisions(trace(response)).toString());
    }

    @Test
    void should_serve_from_the_premium_target_when_global_script_modifies_the_alias() {
        HttpResponse<String> response = chat("{\"tier\":\"gold\",\"team\":\"search\"}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("mock/gpt-4o", response.headers().firstValue("x-caravan-served-by").orElse(""));
        assertEquals(List.of("gold modify", "tenants/acme/block allow", "tenants/acme/require-team-tag allow"),
                decisions(trace(response)));
    }

    @Test
    void should_answer_as_documented_when_the_team_tag_is_missing() {
        HttpResponse<String> response = chat("{}");
        assertEquals(403, response.statusCode(), response.body());
        JsonNode error = TestGateway.json(response.body()).path("error");
        assertEquals("missing_team_tag", error.path("code").asText());
        assertEquals("Set the team tag: x-caravan-metadata: {\"team\": \"<your team>\"} (policy 'tenants/acme/require-team-tag')",
                error.path("message").asText());
    }

    @Test
    void should_record_the_example_note_in_the_receipt_when_the_team_tag_is_set() {
        HttpResponse<String> response = chat("{\"team\":\"search\"}");
        JsonNode receipt = gateway.receiptEventually(trace(response), TestGateway.KEY);
        JsonNode last = receipt.path("decisions").get(receipt.path("decisions").size() - 1);
        assertEquals("tenants/acme/require-team-tag", last.path("id").asText());
        assertEquals("allow", last.path("outcome").asText());
        assertEquals("team search", last.path("detail").asText());
    }

    @Test
    void should_serve_the_requested_alias_when_scripts_allow() {
        HttpResponse<String> response = chat("{\"team\":\"search\"}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("mock/gpt-4o-mini", response.headers().firstValue("x-caravan-served-by").orElse(""));
    }

    @Test
    void should_list_scripts_with_status_and_error_in_the_admin_endpoint() {
        HttpResponse<String> response = gateway.get("/admin/v1/policies", "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode data = TestGateway.json(response.body()).path("data");
        assertEquals(4, data.size(), response.body());
        JsonNode gold = data.get(0);
        assertEquals("gold", gold.path("id").asText());
        assertTrue(gold.path("tenant").isNull());
        assertEquals("active", gold.path("status").asText());
        assertEquals(12, gold.path("version").asText().length());
        assertTrue(gold.path("loaded_at").asText().endsWith("Z"), gold.toString());
        JsonNode broken = data.get(3);
        assertEquals("tenants/other/broken", broken.path("id").asText());
        assertEquals("other", broken.path("tenant").asText());
        assertEquals("failed", broken.path("status").asText());
        assertTrue(broken.path("version").isNull());
        assertTrue(broken.path("last_error").asText().startsWith("line 1:"), broken.toString());
    }

    @Test
    void should_refuse_the_admin_endpoint_without_the_admin_token() {
        HttpResponse<String> response = gateway.get("/admin/v1/policies", "authorization", TestGateway.bearer(TestGateway.KEY));
        assertEquals(401, response.statusCode(), response.body());
    }
}
