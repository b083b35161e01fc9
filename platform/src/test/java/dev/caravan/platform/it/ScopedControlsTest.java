package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.server.Gateway;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The one {@code scope:} form (docs/configuration.md#scopes) through the real gateway: guardrails,
 * rate limits, budgets and logging rules scoped to a key, an alias or a metadata value apply to the
 * matching requests and to no others; the older per-tenant forms still work and each logs one
 * start-up warning showing its replacement. Each test draws on a scope of its own.
 */
class ScopedControlsTest {

    static final String OPS_KEY = "sk-test-caravan-ops-00001";
    static final String RL_KEY = "sk-test-caravan-rl-000001";
    static final String BROKE_KEY = "sk-test-caravan-broke-001";
    static final String LOGGED_KEY = "sk-test-caravan-logged-01";
    static final String LEGACY_KEY = "sk-test-caravan-legacy-01";
    static final String POLICED_KEY = "sk-test-caravan-policed-1";

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;
    static final ListAppender<ILoggingEvent> startLog = new ListAppender<>();

    @BeforeAll
    static void start() throws java.io.IOException {
        java.nio.file.Files.createDirectories(tmp.resolve("policies"));
        java.nio.file.Files.writeString(tmp.resolve("policies/refuse.groovy"),
                "beforeRequest { req -> deny(403, 'scoped_refusal', 'refused by a scoped policy') }\n");
        mock = MockUpstream.start(MockOptions.defaults());
        Logger logger = (Logger) LoggerFactory.getLogger(Gateway.class);
        startLog.start();
        logger.addAppender(startLog);
        String target = "targets: [ { provider: mock, model: gpt-4o-mini } ]";
        try {
            gateway = TestGateway.startWithModelsAndAdmin(mock, tmp, """
                      - { alias: fast, %1$s }
                      - { alias: strict, %1$s }
                      - { alias: rl-alias, %1$s }
                      - { alias: tiny, %1$s }
                      - { alias: logged-alias, %1$s }
                      - { alias: policed, %1$s }
                      - { alias: pricey, %1$s }
                      - { alias: guarded, %1$s }
                    """.formatted(target), """
                      - { name: ops, key: "%s", tenant: ops }
                      - { name: rl, key: "%s", tenant: rl }
                      - { name: broke, key: "%s", tenant: broke }
                      - { name: logged, key: "%s", tenant: acme }
                      - { name: legacy, key: "%s", tenant: legacy }
                      - { name: policed, key: "%s", tenant: acme }
                    breaker: { window: 10000, minimum_calls: 10000 }
                    guardrails:
                      - { scope: { key: ops }, plugin: regex, on: [request], words: [mango], action: deny }
                      - { scope: { alias: strict }, plugin: regex, on: [request], words: [kiwi], action: deny }
                      - { scope: { metadata.team: red }, plugin: regex, on: [request], words: [cherry], action: deny }
                      - { scope: { alias: guarded }, plugin: regex, on: [request], words: [papaya], action: deny }
                    rate_limits:
                      - { scope: { key: rl }, rpm: 1 }
                      - { scope: { alias: rl-alias }, rpm: 1 }
                      - { scope: { metadata.project: p1 }, rpm: 1 }
                    budgets:
                      - { name: everything, scope: global, limit_tokens: 1000000000, period: total }
                      - { name: broke-key, scope: { key: broke }, limit_tokens: 1, period: total }
                      - { name: tiny-alias, scope: { alias: tiny }, limit_tokens: 1, period: total }
                      - { name: cost-center, scope: { metadata.cc: c1 }, limit_tokens: 1, period: total }
                      - { name: pricey-cap, scope: { alias: pricey }, limit_tokens: 1, period: total, action: downgrade, downgrade_to: guarded }
                    logging:
                      flush_interval_ms: 20
                      rules:
                        - { scope: { key: logged }, mode: full }
                        - { scope: { alias: logged-alias }, mode: full }
                        - { scope: { metadata.log: all }, mode: full }
                    policies:
                      dir: "%s"
                      scopes:
                        - { script: refuse, scope: { key: policed } }
                        - { script: refuse, scope: { alias: policed } }
                        - { script: refuse, scope: { metadata.policy: strict } }
                    tenants:
                      - { id: legacy, logging: full, guardrails: [ { plugin: regex, on: [request], words: [durian], action: deny } ] }
                    """.formatted(OPS_KEY, RL_KEY, BROKE_KEY, LOGGED_KEY, LEGACY_KEY, POLICED_KEY, tmp.resolve("policies")));
        } finally {
            logger.detachAppender(startLog);
        }
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

    private static HttpResponse<String> chat(String key, String alias, String text, String metadata) {
        String body = TestGateway.JSON.createObjectNode().put("model", alias).put("max_tokens", 16)
                .set("messages", TestGateway.JSON.createArrayNode().add(
                        TestGateway.JSON.createObjectNode().put("role", "user").put("content", text))).toString();
        List<String> headers = new ArrayList<>(List.of("authorization", TestGateway.bearer(key), "content-type", "application/json"));
        if (metadata != null) {
            headers.addAll(List.of("x-caravan-metadata", metadata));
        }
        return gateway.post("/v1/chat/completions", body, headers.toArray(String[]::new));
    }

    private static String trace(HttpResponse<String> response) {
        return response.headers().firstValue("x-caravan-trace-id").orElseThrow();
    }

    private static String storedMode(HttpResponse<String> response) {
        String traceId = trace(response);
        HttpResponse<String> log = Poll.until(() -> {
            assertTrue(gateway.gateway().flushRequestLogs(Duration.ofSeconds(10)), "request logs not flushed");
            return gateway.get("/admin/v1/logs/" + traceId, "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN));
        }, r -> r.statusCode() != 404, Duration.ofSeconds(10), () -> "no request log " + traceId);
        assertEquals(200, log.statusCode(), log.body());
        return TestGateway.json(log.body()).path("mode").asText();
    }

    private static String code(HttpResponse<String> response) {
        return TestGateway.json(response.body()).path("error").path("code").asText();
    }

    // guardrails

    @Test
    void should_run_a_key_scoped_guardrail_for_that_key_only() {
        assertEquals(446, chat(OPS_KEY, "fast", "a mango please", null).statusCode());
        assertEquals(200, chat(TestGateway.KEY, "fast", "a mango please", null).statusCode());
    }

    @Test
    void should_run_an_alias_scoped_guardrail_for_that_alias_only() {
        HttpResponse<String> strict = chat(TestGateway.KEY, "strict", "a kiwi please", null);
        assertEquals(446, strict.statusCode(), strict.body());
        assertTrue(strict.body().contains("\"guardrail\":{\"id\":\"regex\""), strict.body());
        assertEquals(200, chat(TestGateway.KEY, "fast", "a kiwi please", null).statusCode());
    }

    @Test
    void should_run_a_metadata_scoped_guardrail_for_requests_with_that_value_only() {
        assertEquals(446, chat(TestGateway.KEY, "fast", "a cherry please", "{\"team\":\"red\"}").statusCode());
        assertEquals(200, chat(TestGateway.KEY, "fast", "a cherry please", "{\"team\":\"blue\"}").statusCode());
        assertEquals(200, chat(TestGateway.KEY, "fast", "a cherry please", null).statusCode());
    }

    // rate limits

    @Test
    void should_count_a_key_scoped_rate_limit_for_that_key_only() {
        assertEquals(200, chat(RL_KEY, "fast", "hi", null).statusCode());
        HttpResponse<String> second = chat(RL_KEY, "fast", "hi", null);
        assertEquals(429, second.statusCode(), second.body());
        assertEquals("rate_limit_exceeded", code(second));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, chat(TestGateway.KEY, "fast", "hi", "{\"project\":\"p9\"}").statusCode());
        }
    }

    @Test
    void should_count_an_alias_scoped_rate_limit_for_that_alias_only() {
        assertEquals(200, chat(TestGateway.KEY, "rl-alias", "hi", null).statusCode());
        assertEquals(429, chat(TestGateway.KEY, "rl-alias", "hi", null).statusCode());
        assertEquals(200, chat(TestGateway.KEY, "fast", "hi", null).statusCode());
    }

    @Test
    void should_count_a_metadata_scoped_rate_limit_for_that_value_only() {
        assertEquals(200, chat(TestGateway.KEY, "fast", "hi", "{\"project\":\"p1\"}").statusCode());
        HttpResponse<String> second = chat(TestGateway.KEY, "fast", "hi", "{\"project\":\"p1\"}");
        assertEquals(429, second.statusCode(), second.body());
        assertTrue(TestGateway.json(second.body()).path("error").path("message").asText().contains(" in metadata.project p1 on requests"),
                second.body());
        assertEquals(200, chat(TestGateway.KEY, "fast", "hi", "{\"project\":\"p2\"}").statusCode());
    }

    // budgets

    @Test
    void should_hold_a_key_scoped_budget_for_that_key_only() {
        HttpResponse<String> broke = chat(BROKE_KEY, "fast", "hi", null);
        assertEquals(429, broke.statusCode(), broke.body());
        assertEquals("budget_exceeded", code(broke));
        assertEquals(200, chat(TestGateway.KEY, "fast", "hi", null).statusCode());
    }

    @Test
    void should_hold_an_alias_scoped_budget_for_that_alias_only() {
        assertEquals("budget_exceeded", code(chat(TestGateway.KEY, "tiny", "hi", null)));
        assertEquals(200, chat(TestGateway.KEY, "fast", "hi", null).statusCode());
    }

    @Test
    void should_hold_a_metadata_scoped_budget_for_that_value_only() {
        assertEquals("budget_exceeded", code(chat(TestGateway.KEY, "fast", "hi", "{\"cc\":\"c1\"}")));
        assertEquals(200, chat(TestGateway.KEY, "fast", "hi", "{\"cc\":\"c2\"}").statusCode());
    }

    @Test
    void should_count_every_request_against_a_global_budget() {
        HttpResponse<String> response = chat(TestGateway.KEY, "fast", "hi", null);
        assertEquals(200, response.statusCode());
        JsonNode receipt = gateway.receiptEventually(trace(response), TestGateway.KEY);
        assertTrue(StreamSupport.stream(receipt.path("decisions").spliterator(), false)
                .anyMatch(d -> d.path("stage").asText().equals("budget") && d.path("id").asText().equals("everything")
                        && d.path("outcome").asText().equals("reserved")), receipt.toString());
    }

    @Test
    void should_run_the_guardrails_of_the_alias_a_budget_downgraded_the_request_to() {
        assertEquals(200, chat(TestGateway.KEY, "pricey", "a kiwi please", null).statusCode());
        HttpResponse<String> downgraded = chat(TestGateway.KEY, "pricey", "a papaya please", null);
        assertEquals(446, downgraded.statusCode(), downgraded.body());
    }

    @Test
    void should_create_a_global_budget_through_the_admin_api_in_the_same_form() {
        HttpResponse<String> created = gateway.post("/admin/v1/budgets",
                "{\"name\":\"admin-global\",\"scope\":\"global\",\"limit_tokens\":1000000000,\"period\":\"total\"}",
                "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN), "content-type", "application/json");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("global", TestGateway.json(created.body()).path("scope").asText());

        HttpResponse<String> refused = gateway.post("/admin/v1/budgets",
                "{\"name\":\"admin-bad\",\"scope\":\"everywhere\",\"limit_tokens\":10}",
                "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN), "content-type", "application/json");
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("scope: must be one of"), refused.body());
    }

    // logging

    @Test
    void should_store_bodies_under_a_key_scoped_logging_rule_for_that_key_only() {
        assertEquals("full", storedMode(chat(LOGGED_KEY, "fast", "hi", null)));
        assertEquals("metadata_only", storedMode(chat(TestGateway.KEY, "fast", "hi", null)));
    }

    @Test
    void should_store_bodies_under_an_alias_scoped_logging_rule_for_that_alias_only() {
        assertEquals("full", storedMode(chat(TestGateway.KEY, "logged-alias", "hi", null)));
        assertEquals("metadata_only", storedMode(chat(TestGateway.KEY, "fast", "hi", null)));
    }

    @Test
    void should_store_bodies_under_a_metadata_scoped_logging_rule_for_that_value_only() {
        assertEquals("full", storedMode(chat(TestGateway.KEY, "fast", "hi", "{\"log\":\"all\"}")));
        assertEquals("metadata_only", storedMode(chat(TestGateway.KEY, "fast", "hi", "{\"log\":\"none\"}")));
    }

    // policy scripts

    @Test
    void should_run_a_key_scoped_policy_script_for_that_key_only() {
        HttpResponse<String> refused = chat(POLICED_KEY, "fast", "hi", null);
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals("scoped_refusal", code(refused));
        assertEquals(200, chat(TestGateway.KEY, "fast", "hi", null).statusCode());
    }

    @Test
    void should_run_an_alias_scoped_policy_script_for_that_alias_only() {
        assertEquals("scoped_refusal", code(chat(TestGateway.KEY, "policed", "hi", null)));
        assertEquals(200, chat(TestGateway.KEY, "fast", "hi", null).statusCode());
    }

    @Test
    void should_run_a_metadata_scoped_policy_script_for_that_value_only() {
        assertEquals("scoped_refusal", code(chat(TestGateway.KEY, "fast", "hi", "{\"policy\":\"strict\"}")));
        assertEquals(200, chat(TestGateway.KEY, "fast", "hi", "{\"policy\":\"lax\"}").statusCode());
    }

    // the older forms

    @Test
    void should_keep_applying_a_tenants_nested_guardrails_and_logging_mode() {
        assertEquals(446, chat(LEGACY_KEY, "fast", "a durian please", null).statusCode());
        assertEquals(200, chat(TestGateway.KEY, "fast", "a durian please", null).statusCode());
        assertEquals("full", storedMode(chat(LEGACY_KEY, "fast", "hi", null)));
    }

    @Test
    void should_warn_once_at_start_up_for_each_older_form_with_its_replacement() {
        List<String> warnings = startLog.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("config: ")).toList();
        assertEquals(List.of(
                "config: tenants[0].logging: per-tenant logging is deprecated; write it as: logging: { rules: [ "
                        + "{ scope: { tenant: legacy }, mode: full } ] }",
                "config: tenants[0].guardrails: nested guardrails are deprecated; move them to the top-level list as: guardrails: [ "
                        + "{ scope: { tenant: legacy }, plugin: regex, on: [request], words: [durian], action: deny } ]"), warnings);
    }
}
