package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockBehavior;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.config.ConfigException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configured means enforced: a control written in the config either runs (with the bundled plugin
 * when none is named) or stops start-up with a message naming its config path and the fix.
 */
class ConfiguredControlsTest {

    private static final String PRICE = """
            pricing:
              - { provider: mock, model: budget-model, input_per_mtok: "1000", output_per_mtok: "1000" }
            """;

    @TempDir
    Path tmp;
    static MockUpstream mock;

    @BeforeAll
    static void startMock() {
        mock = MockUpstream.start(MockOptions.defaults().withDefaultBehavior(MockBehavior.defaults().withOverride("echo", "true")));
    }

    @AfterAll
    static void stopMock() {
        mock.close();
    }

    /** A plugins folder holding only the bundled plugins whose jar name starts with one of {@code prefixes}. */
    private Path pluginsWith(String... prefixes) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("some-plugins"));
        try (Stream<Path> jars = Files.list(TestGateway.pluginsDir())) {
            for (Path jar : jars.toList()) {
                if (Stream.of(prefixes).anyMatch(p -> jar.getFileName().toString().startsWith(p))) {
                    Files.copy(jar, dir.resolve(jar.getFileName()));
                }
            }
        }
        return dir;
    }

    private static String oneRequestBudget() {
        return "budgets:\n  - { name: dev-daily, scope: { key: dev }, limit_usd: \""
                + BudgetScenario.worstCaseUsd().add(new BigDecimal("0.0001")).toPlainString() + "\", period: daily }\n";
    }

    @Test
    void should_enforce_a_budget_when_admit_plugins_does_not_list_budget_standard() {
        try (TestGateway gateway = TestGateway.startWithModels(mock, tmp, BudgetScenario.MODELS,
                "breaker: { window: 10000, minimum_calls: 10000 }\n" + PRICE + oneRequestBudget())) {
            assertEquals(200, BudgetScenario.call(gateway, false).statusCode());

            HttpResponse<String> second = BudgetScenario.call(gateway, false);

            assertEquals(429, second.statusCode(), second.body());
            assertTrue(second.body().contains("\"code\":\"budget_exceeded\""), second.body());
        }
    }

    @Test
    void should_enforce_a_budget_created_through_the_admin_api_when_none_existed_at_start() {
        try (TestGateway gateway = TestGateway.startWithModelsAndAdmin(mock, tmp, BudgetScenario.MODELS,
                "breaker: { window: 10000, minimum_calls: 10000 }\n" + PRICE)) {
            assertEquals(200, BudgetScenario.call(gateway, false).statusCode());
            String budget = "{\"name\":\"dev-daily\",\"scope\":{\"key\":\"dev\"},\"period\":\"daily\",\"limit_usd\":\""
                    + BudgetScenario.worstCaseUsd().add(new BigDecimal("0.0001")).toPlainString() + "\"}";
            HttpResponse<String> created = gateway.post("/admin/v1/budgets", budget,
                    "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN), "content-type", "application/json");
            assertEquals(201, created.statusCode(), created.body());
            assertEquals(200, BudgetScenario.call(gateway, false).statusCode());

            HttpResponse<String> over = BudgetScenario.call(gateway, false);

            assertEquals(429, over.statusCode(), over.body());
            assertTrue(over.body().contains("\"code\":\"budget_exceeded\""), over.body());
        }
    }

    @Test
    void should_refuse_to_start_with_the_fix_when_budgets_exist_and_budget_standard_is_not_loaded() throws IOException {
        Path plugins = pluginsWith("provider-openai");
        ConfigException e = assertThrows(ConfigException.class,
                () -> TestGateway.startWithPluginsAndSections(mock, tmp, plugins, BudgetScenario.MODELS, PRICE + oneRequestBudget()));

        assertEquals(List.of("budgets: 1 budget(s) are defined but no policy in admit.plugins enforces budgets and the bundled"
                + " 'budget-standard' plugin is not loaded (request policies loaded: none); fix: put the budget-standard plugin"
                + " jar in plugins.dir (" + plugins + "), or add a budget policy to admit.plugins, or remove the budgets"), e.problems());
    }

    @Test
    void should_mask_pii_when_a_tenant_logs_redacted_without_naming_a_redactor() {
        try (TestGateway gateway = TestGateway.startWithModelsAndAdmin(mock, tmp,
                "  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }",
                "logging: { flush_interval_ms: 20 }\ntenants: [ { id: acme, logging: redacted } ]\n")) {
            String body = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"mail jane.doe@example.com\"}]}";
            HttpResponse<String> response = gateway.post("/v1/chat/completions", body, "authorization", TestGateway.bearer(TestGateway.KEY));
            assertEquals(200, response.statusCode(), response.body());
            String traceId = response.headers().firstValue("x-caravan-trace-id").orElseThrow();

            JsonNode log = TestGateway.json(Poll.until(() -> {
                assertTrue(gateway.gateway().flushRequestLogs(Duration.ofSeconds(10)));
                return gateway.get("/admin/v1/logs/" + traceId, "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN));
            }, r -> r.statusCode() != 404, Duration.ofSeconds(10), () -> "no request log " + traceId).body());

            assertFalse(log.get("request_body").asText().contains("jane.doe@example.com"), log.toString());
            assertTrue(log.get("request_body").asText().contains("[EMAIL]"), log.toString());
        }
    }

    @Test
    void should_refuse_to_start_when_redacted_names_no_redactor_and_pii_is_not_loaded() throws IOException {
        Path plugins = pluginsWith("provider-openai");
        ConfigException e = assertThrows(ConfigException.class, () -> TestGateway.startWithPluginsAndSections(mock, tmp, plugins,
                "  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }",
                "tenants: [ { id: lab, logging: full }, { id: acme, logging: redacted } ]"));

        assertEquals(List.of("tenants[1].redactors: tenants[1].logging is 'redacted' and no redactor is named, and the bundled"
                + " 'pii' redactor is not loaded (loaded: none); fix: put the redaction-pii plugin jar in plugins.dir,"
                + " or name a loaded redactor"), e.problems());
    }

    @Test
    void should_refuse_the_default_redacted_mode_without_a_redactor_when_pii_is_not_loaded() throws IOException {
        Path plugins = pluginsWith("provider-openai");
        ConfigException e = assertThrows(ConfigException.class, () -> TestGateway.startWithPluginsAndSections(mock, tmp, plugins,
                "  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }", "logging: { default_mode: redacted }"));

        assertEquals(List.of("logging.default_redactors: logging.default_mode is 'redacted' and no redactor is named, and the"
                + " bundled 'pii' redactor is not loaded (loaded: none); fix: put the redaction-pii plugin jar in plugins.dir,"
                + " or name a loaded redactor"), e.problems());
    }

    /** A copy of the shipped routes. */
    private Path shippedRoutes() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("routes"));
        try (Stream<Path> files = Files.list(TestGateway.routesDir())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        return dir;
    }

    /** A copy of the shipped routes with {@code stage}'s step taken out of the chat completions route. */
    private Path routesWithout(String stage) throws IOException {
        Path dir = shippedRoutes();
        Path openai = dir.resolve("openai.yaml");
        String text = Files.readString(openai);
        int at = text.indexOf("- process: { ref: " + stage + " }"); // its first use is in the chat completions route
        assertTrue(at > 0 && at < text.indexOf("id: openai-responses"), "the shipped chat route has no " + stage + " step");
        int start = text.lastIndexOf('\n', at) + 1;
        Files.writeString(openai, text.substring(0, start) + text.substring(text.indexOf('\n', at) + 1));
        return dir;
    }

    private String configWith(Path routes, String sections) {
        return """
                server: { host: 127.0.0.1, port: %d }
                storage: { url: "jdbc:h2:file:%s/db/caravan" }
                routes: { dir: "%s" }
                plugins: { dir: "%s" }
                providers: [ { id: mock, plugin: openai, base_url: "%s" } ]
                models: [ { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] } ]
                """.formatted(TestGateway.freePort(), tmp, routes, TestGateway.pluginsDir(), mock.baseUrl()) + sections;
    }

    @Test
    void should_refuse_to_start_when_rate_limits_are_configured_and_a_route_has_no_rateLimit_step() throws IOException {
        Path routes = routesWithout("rateLimit");
        String yaml = configWith(routes, "rate_limits: [ { scope: { key: dev }, rpm: 10 } ]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> TestGateway.startFromYaml(yaml, tmp));

        assertEquals(List.of("rate_limits: configured, but route 'openai-chat-completions' (" + routes.resolve("openai.yaml")
                + ") calls callUpstream without a 'rateLimit' step, so it would not be enforced there; add"
                + " '- process: { ref: rateLimit }' before callUpstream, or remove rate_limits"), e.problems());
    }

    @Test
    void should_refuse_to_start_when_budgets_exist_and_a_route_has_no_admit_step() throws IOException {
        Path routes = routesWithout("admit");
        String yaml = configWith(routes, "budgets: [ { name: all, scope: { tenant: acme }, limit_tokens: 1000 } ]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> TestGateway.startFromYaml(yaml, tmp));

        assertEquals(List.of("budgets: configured, but route 'openai-chat-completions' (" + routes.resolve("openai.yaml")
                + ") calls callUpstream without a 'admit' step, so it would not be enforced there; add"
                + " '- process: { ref: admit }' before callUpstream, or remove budgets"), e.problems());
    }

    @Test
    void should_name_the_loaded_policies_when_admit_plugins_names_an_unknown_one() {
        ConfigException e = assertThrows(ConfigException.class, () -> TestGateway.startWithModels(mock, tmp,
                BudgetScenario.MODELS, "admit: { plugins: [ budget-standrd ] }"));

        assertEquals(List.of("admit.plugins[0]: no request policy 'budget-standrd' is loaded (loaded: budget-standard)"), e.problems());
    }

    @Test
    void should_refuse_to_start_when_a_policy_script_does_not_load() throws IOException {
        Path file = Files.createDirectories(tmp.resolve("policies/tenants/acme")).resolve("broken.groovy");
        Files.writeString(file, "beforeRequest { req -> allow( }");
        ConfigException e = assertThrows(ConfigException.class, () -> TestGateway.startWithModels(mock, tmp, BudgetScenario.MODELS,
                "policies: { dir: \"" + tmp.resolve("policies") + "\" }"));

        assertEquals(1, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).startsWith("policies.dir: " + file + " does not load: line 1:"), e.problems().toString());
        assertTrue(e.problems().get(0).endsWith("; fix the file or move it out of the folder"), e.problems().toString());
    }

    @Test
    void should_refuse_to_start_when_guardrails_are_configured_and_a_chat_route_has_no_guardInput_step() throws IOException {
        Path routes = routesWithout("guardInput");
        String yaml = configWith(routes, "guardrails: [ { plugin: secrets, on: [request] } ]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> TestGateway.startFromYaml(yaml, tmp));

        assertEquals(List.of("guardrails[0]: configured, but route 'openai-chat-completions' (" + routes.resolve("openai.yaml")
                + ") calls callUpstream without a 'guardInput' step, so it would not be enforced there; add"
                + " '- process: { ref: guardInput }' before callUpstream, or remove guardrails[0]"), e.problems());
    }

    @Test
    void should_start_with_guardrails_when_the_routes_without_guard_steps_parse_no_chat_request() throws IOException {
        // The shipped embeddings and images routes call upstream without guard steps: they run no guardrails by design.
        try (TestGateway gateway = TestGateway.startFromYaml(configWith(shippedRoutes(),
                "guardrails: [ { plugin: secrets, on: [request] } ]\n"), tmp)) {
            assertEquals(200, gateway.get("/health").statusCode());
        }
    }

    @Test
    void should_refuse_to_create_a_budget_through_the_admin_api_when_no_policy_could_enforce_it() throws IOException {
        Path plugins = pluginsWith("provider-openai");
        String yaml = """
                server: { host: 127.0.0.1, port: %d }
                storage: { url: "jdbc:h2:file:%s/db/caravan" }
                admin: { token: "%s" }
                routes: { dir: "%s" }
                plugins: { dir: "%s" }
                providers: [ { id: mock, plugin: openai, base_url: "%s" } ]
                models: [ { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] } ]
                """.formatted(TestGateway.freePort(), tmp, TestGateway.ADMIN_TOKEN, TestGateway.routesDir(), plugins, mock.baseUrl());
        try (TestGateway gateway = TestGateway.startFromYaml(yaml, tmp)) {
            HttpResponse<String> created = gateway.post("/admin/v1/budgets",
                    "{\"name\":\"all\",\"scope\":{\"tenant\":\"acme\"},\"limit_tokens\":1000}",
                    "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN), "content-type", "application/json");

            assertEquals(409, created.statusCode(), created.body());
            assertEquals("budgets_not_enforced", TestGateway.json(created.body()).path("error").path("code").asText(), created.body());
            assertEquals("No policy can enforce budgets: none in admit.plugins does and the bundled 'budget-standard' plugin is"
                    + " not loaded; put the budget-standard plugin jar in plugins.dir (" + plugins + ") and restart, then create"
                    + " the budget.", TestGateway.json(created.body()).path("error").path("message").asText());
            assertEquals(200, gateway.get("/admin/v1/budgets", "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN)).statusCode());
        }
    }
}
