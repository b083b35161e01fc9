package dev.caravan.platform.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.it.Poll;
import dev.caravan.platform.it.TestGateway;
import dev.caravan.platform.server.RouteFileException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage scripts run in the policy scripts' sandbox and under the stage time limit: a script that
 * tries to leave the sandbox does not load (start-up stops when a route names it; an edit that tries
 * it keeps the last good version), a script that runs past {@code stages.timeout_ms} is stopped and
 * answered per {@code on_error}, and a route naming a stage that does not exist stops start-up.
 */
class StageScriptSandboxGatewayTest {

    static final String CHAT = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    static Path tmp;
    static Path policies;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        policies = Files.createDirectories(tmp.resolve("policies/stages")).getParent();
        Files.writeString(policies.resolve("stages/slowLenient.groovy"), "process { r -> if (r.header('x-slow-lenient')) { while (true) {} } }");
        Files.writeString(policies.resolve("stages/slow.groovy"), "process { r -> if (r.header('x-slow')) { while (true) {} } }");
        Files.writeString(policies.resolve("stages/tagger.groovy"), "process { r -> proceed(headers: ['x-tagged': 'v1']) }");
        Path routes = TestGateway.copyOfShippedRoutes(tmp.resolve("routes"));
        addSteps(routes.resolve("openai.yaml"), "script:slowLenient", "script:slow", "script:tagger");
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startFromYaml(config(tmp, routes, policies), tmp);
    }

    static String config(Path home, Path routes, Path policyDir) {
        return """
                server: { host: 127.0.0.1, port: %d }
                storage: { url: "jdbc:h2:file:%s/db/caravan" }
                admin: { token: "%s" }
                routes: { dir: "%s" }
                policies: { dir: "%s", reload_interval_ms: 100 }
                plugins: { dir: "%s" }
                receipts: { spill_file: "%s/spill.jsonl", flush_interval_ms: 20 }
                stages:
                  timeout_ms: 100
                  overrides: [ { ref: "script:slowLenient", on_error: continue } ]
                providers: [ { id: mock, plugin: openai, base_url: "%s" } ]
                models: [ { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] } ]
                keys: [ { name: dev, key: "%s", tenant: acme } ]
                """.formatted(TestGateway.freePort(), home, TestGateway.ADMIN_TOKEN, routes, policyDir, TestGateway.pluginsDir(), home,
                mock.baseUrl(), TestGateway.KEY);
    }

    /** Adds {@code refs} as steps before {@code resolveAlias} in the file's first route. */
    static void addSteps(Path file, String... refs) throws IOException {
        String text = Files.readString(file);
        int at = text.indexOf("        - process: { ref: resolveAlias }");
        StringBuilder steps = new StringBuilder();
        for (String ref : refs) {
            steps.append("        - process: { ref: \"").append(ref).append("\" }\n");
        }
        Files.writeString(file, text.substring(0, at) + steps + text.substring(at));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        mock.close();
    }

    static HttpResponse<String> chat(String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "authorization";
        all[1] = TestGateway.bearer(TestGateway.KEY);
        System.arraycopy(headers, 0, all, 2, headers.length);
        return gateway.post("/v1/chat/completions", CHAT, all);
    }

    @Test
    void should_answer_503_stage_timeout_naming_the_script_when_it_runs_past_the_limit() {
        HttpResponse<String> response = chat("x-slow", "1");

        assertEquals(503, response.statusCode(), response.body());
        JsonNode error = TestGateway.json(response.body()).path("error");
        assertEquals("stage_timeout", error.path("code").asText(), response.body());
        assertTrue(error.path("message").asText().contains("'script:slow'") && error.path("message").asText().contains("100 ms"),
                response.body());
    }

    @Test
    void should_serve_the_request_and_record_the_timeout_when_a_slow_script_is_on_error_continue() {
        HttpResponse<String> response = chat("x-slow-lenient", "1");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode receipt = gateway.receiptEventually(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), TestGateway.KEY);
        String decisions = receipt.path("decisions").toString();
        assertTrue(decisions.contains("\"id\":\"script:slowLenient\",\"outcome\":\"error_continued\",\"detail\":\"timed out after 100 ms\""),
                decisions);
    }

    @Test
    void should_keep_the_last_good_version_when_an_edit_of_a_stage_script_tries_to_leave_the_sandbox() throws IOException {
        assertEquals("v1", chat().headers().firstValue("x-tagged").orElse(null));

        Files.writeString(policies.resolve("stages/tagger.groovy"),
                "process { r -> proceed(headers: ['x-tagged': 'id'.execute().text]) }");
        Poll.until(() -> status("stages/tagger"), s -> s.startsWith("failed"), Duration.ofSeconds(20), () -> "edit never seen");

        assertTrue(status("stages/tagger").contains("execute"), status("stages/tagger"));
        HttpResponse<String> response = chat();
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("v1", response.headers().firstValue("x-tagged").orElse(null));
    }

    static String status(String id) {
        JsonNode list = TestGateway.json(gateway.get("/admin/v1/policies", "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN)).body());
        return StreamSupport.stream(list.path("data").spliterator(), false).filter(p -> p.path("id").asText().equals(id))
                .map(p -> p.path("status").asText() + " " + p.path("last_error").asText()).findFirst().orElse("absent");
    }

    @Test
    void should_refuse_to_start_when_a_route_names_a_stage_script_that_tries_to_leave_the_sandbox(@TempDir Path home) throws IOException {
        Path dir = Files.createDirectories(home.resolve("policies/stages")).getParent();
        Files.writeString(dir.resolve("stages/escape.groovy"), "process { r -> Runtime.getRuntime().exec('id'); proceed() }");
        Path routes = TestGateway.copyOfShippedRoutes(home.resolve("routes"));
        addSteps(routes.resolve("openai.yaml"), "script:escape");

        RouteFileException e = assertThrows(RouteFileException.class, () -> TestGateway.startFromYaml(config(home, routes, dir), home));

        assertTrue(e.getMessage().contains("openai-chat-completions") && e.getMessage().contains("'script:escape'")
                && e.getMessage().contains("escape.groovy does not load") && e.getMessage().contains("'exec' is not allowed"), e.getMessage());
    }

    @Test
    void should_refuse_to_start_when_a_route_names_a_stage_script_or_plugin_stage_that_does_not_exist(@TempDir Path home) throws IOException {
        Path dir = Files.createDirectories(home.resolve("policies"));
        Path routes = TestGateway.copyOfShippedRoutes(home.resolve("routes"));
        addSteps(routes.resolve("openai.yaml"), "script:tenantRouter", "noSuchStage");

        RouteFileException e = assertThrows(RouteFileException.class, () -> TestGateway.startFromYaml(config(home, routes, dir), home));

        assertTrue(e.getMessage().contains("'script:tenantRouter': no stage script 'tenantRouter' (expected the file "
                + dir.resolve("stages/tenantRouter.groovy") + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("'noSuchStage': no such stage"), e.getMessage());
        assertTrue(e.getMessage().startsWith(routes.resolve("openai.yaml") + ": route 'openai-chat-completions' names stage"), e.getMessage());
    }
}
