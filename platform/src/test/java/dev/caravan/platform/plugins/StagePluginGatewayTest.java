package dev.caravan.platform.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.it.Poll;
import dev.caravan.platform.it.TestGateway;
import dev.caravan.testkit.PluginJarBuilder;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A {@code Stage} plugin (docs/pipelines.md, "Custom stages") built as a jar and dropped into the
 * plugins folder, named by route steps ({@code - process: { ref: teamGate }}) on the OpenAI and
 * Anthropic routes: it reads the headers (never credentials), routes to another alias, adds
 * response headers, rejects in the caller's API shape; its failures and timeouts answer 5xx naming
 * it, or go on under {@code on_error: continue}; each request reaches the finish route once.
 */
class StagePluginGatewayTest {

    static final String SOURCE = """
            package com.example.stage;

            import dev.caravan.api.stage.*;
            import org.pf4j.Extension;

            @Extension
            public final class TeamGate implements Stage {
                @Override public String id() { return "teamGate"; }
                @Override public StageDecision process(StageRequest r) throws Exception {
                    String team = r.header("X-Team");
                    if (team == null) return StageDecision.proceed();
                    switch (team) {
                        case "gold": return StageDecision.proceed().withAlias("premium").withMetadata("team", "gold")
                                .withHeader("x-team-routed", "gold");
                        case "blocked": return StageDecision.reject(403, "team_blocked", "Team 'blocked' may not call this gateway.")
                                .withHeader("x-team-routed", "refused");
                        case "boom": throw new IllegalStateException("internal detail sk-leak-0123456789");
                        case "slow": new java.util.concurrent.CountDownLatch(1).await(10, java.util.concurrent.TimeUnit.SECONDS); return StageDecision.proceed(); // never counted down: a stage that overruns its limit
                        case "forge": return StageDecision.proceed().withHeader("x-caravan-served-by", "forged");
                        case "echo": return StageDecision.proceed().withHeader("x-seen", r.header("authorization") + "|"
                                + r.header("x-api-key") + "|" + r.tenantId() + "|" + r.keyName() + "|" + r.model() + "|"
                                + r.body().path("messages").size() + "|" + r.alias());
                        default: return StageDecision.proceed();
                    }
                }
            }
            """;
    static final String LENIENT = """
            package com.example.stage;

            import dev.caravan.api.stage.*;
            import org.pf4j.Extension;

            @Extension
            public final class LenientGate implements Stage {
                @Override public String id() { return "lenientGate"; }
                @Override public StageDecision process(StageRequest r) {
                    throw new IllegalStateException("always fails");
                }
            }
            """;
    static final String FINISH_STEP = """
                    - filter:
                        simple: "${exchangeProperty.caravanFinishing}"
                        steps:
                          - log:
                              message: "finished ${exchangeProperty.caravanTraceId} ${exchangeProperty.caravanStatus}"
                              logName: "caravan.test.stage-finish"
            """;
    static final String PLACEMENTS = """
            - route:
                id: test-late-stage
                routeConfigurationId: caravan-errors
                from:
                  uri: "netty-http:{{caravan.listen}}/v1/late-stage"
                  steps:
                    - process: { ref: ingress }
                    - process: { ref: authenticate }
                    - process: { ref: parseChat }
                    - process: { ref: resolveAlias }
                    - process: { ref: teamGate }
                    - process: { ref: callUpstream }
                    - to: "direct:caravan-finish"
            - route:
                id: test-early-stage
                routeConfigurationId: caravan-errors
                from:
                  uri: "netty-http:{{caravan.listen}}/v1/early-stage"
                  steps:
                    - process: { ref: ingress }
                    - process: { ref: teamGate }
                    - process: { ref: authenticate }
                    - process: { ref: parseChat }
                    - process: { ref: resolveAlias }
                    - process: { ref: callUpstream }
                    - to: "direct:caravan-finish"
            """;
    static final String CHAT = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String MESSAGES = "{\"model\":\"fast\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;
    static final ListAppender<ILoggingEvent> finished = new ListAppender<>();

    @BeforeAll
    static void start() throws IOException {
        Path plugins = ThirdPartyGateway.pluginsFolder(tmp);
        PluginJarBuilder.plugin("stage-team-gate").source("com.example.stage.TeamGate", SOURCE)
                .source("com.example.stage.LenientGate", LENIENT).writeTo(plugins);
        Path routes = TestGateway.copyOfShippedRoutes(tmp.resolve("routes"));
        addStep(routes.resolve("openai.yaml"), "parseChat", "teamGate");
        addStep(routes.resolve("anthropic.yaml"), "parseMessages", "lenientGate", "teamGate");
        Files.writeString(routes.resolve("placements.yaml"), PLACEMENTS);
        Files.writeString(routes.resolve("finish.yaml"), Files.readString(routes.resolve("finish.yaml")) + FINISH_STEP);
        Logger logger = (Logger) LoggerFactory.getLogger("caravan.test.stage-finish");
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        finished.start();
        logger.addAppender(finished);
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startFromYaml("""
                server: { host: 127.0.0.1, port: %d }
                storage: { url: "jdbc:h2:file:%s/db/caravan" }
                routes: { dir: "%s" }
                plugins: { dir: "%s" }
                receipts: { spill_file: "%s/spill.jsonl", flush_interval_ms: 20 }
                stages:
                  timeout_ms: 300
                  overrides: [ { ref: lenientGate, on_error: continue } ]
                providers:
                  - { id: mock, plugin: openai, base_url: "%s" }
                  - { id: claude, plugin: anthropic, base_url: "%s" }
                models:
                  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                  - { alias: premium, targets: [ { provider: mock, model: gpt-4o } ] }
                saved_routes:
                  - { id: cheap, targets: [ { provider: mock, model: gpt-3.5-turbo } ] }
                keys:
                  - { name: dev, key: "%s", tenant: acme }
                  - { name: limited, key: "%s", tenant: acme, models: [ fast ] }
                """.formatted(TestGateway.freePort(), tmp, routes, plugins, tmp, mock.baseUrl(), mock.baseUrl(), TestGateway.KEY,
                TestGateway.LIMITED_KEY), tmp);
    }

    /** Adds {@code stages} as steps right after the first step naming {@code after}. */
    static void addStep(Path file, String after, String... stages) throws IOException {
        String text = Files.readString(file);
        String anchor = "- process: { ref: " + after + " }";
        int lineEnd = text.indexOf('\n', text.indexOf(anchor));
        StringBuilder steps = new StringBuilder();
        for (String stage : stages) {
            steps.append("\n        - process: { ref: ").append(stage).append(" }");
        }
        Files.writeString(file, text.substring(0, lineEnd) + steps + text.substring(lineEnd));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        mock.close();
        ((Logger) LoggerFactory.getLogger("caravan.test.stage-finish")).detachAppender(finished);
    }

    static HttpResponse<String> chat(String key, String team) {
        return team == null ? gateway.post("/v1/chat/completions", CHAT, "authorization", TestGateway.bearer(key))
                : gateway.post("/v1/chat/completions", CHAT, "authorization", TestGateway.bearer(key), "x-team", team);
    }

    static String trace(HttpResponse<String> response) {
        return response.headers().firstValue("x-caravan-trace-id").orElseThrow();
    }

    static void assertFinishedOnce(HttpResponse<String> response) {
        String traceId = trace(response);
        Poll.until(() -> finishLines(traceId), lines -> !lines.isEmpty(), Duration.ofSeconds(10), () -> "no finish for " + traceId);
        String later = trace(chat(TestGateway.KEY, null));
        Poll.until(() -> finishLines(later), lines -> !lines.isEmpty(), Duration.ofSeconds(10), () -> "no finish for " + later);
        assertEquals(List.of("finished " + traceId + " " + response.statusCode()), finishLines(traceId));
    }

    static List<String> finishLines(String traceId) {
        synchronized (finished) {
            return finished.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("finished " + traceId + " ")).toList();
        }
    }

    @Test
    void should_serve_a_request_by_the_alias_the_plugin_stage_chose_when_its_header_says_gold() {
        HttpResponse<String> response = chat(TestGateway.KEY, "gold");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("gpt-4o", mock.lastRequest().path("model").asText());
        assertEquals("gold", response.headers().firstValue("x-team-routed").orElse(null));
        JsonNode receipt = gateway.receiptEventually(trace(response), TestGateway.KEY);
        assertEquals("premium", receipt.path("alias").asText());
        assertTrue(receipt.path("decisions").toString().contains("\"id\":\"teamGate\",\"outcome\":\"proceed\",\"detail\":\"alias premium\""),
                receipt.toString());
    }

    @Test
    void should_keep_the_requested_alias_when_the_plugin_stage_proceeds_unchanged() {
        HttpResponse<String> response = chat(TestGateway.KEY, null);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("gpt-4o-mini", mock.lastRequest().path("model").asText());
        assertTrue(response.headers().firstValue("x-team-routed").isEmpty());
    }

    @Test
    void should_see_headers_tenant_key_and_body_but_never_credentials_when_the_stage_reads_the_request() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", CHAT, "authorization", TestGateway.bearer(TestGateway.KEY),
                "x-api-key", TestGateway.KEY, "x-team", "echo");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("null|null|acme|dev|fast|1|null", response.headers().firstValue("x-seen").orElse(null));
    }

    @Test
    void should_answer_403_in_the_openai_shape_when_the_plugin_stage_rejects_on_an_openai_route() {
        HttpResponse<String> response = chat(TestGateway.KEY, "blocked");

        assertEquals(403, response.statusCode(), response.body());
        JsonNode error = TestGateway.json(response.body()).path("error");
        assertEquals("team_blocked", error.path("code").asText(), response.body());
        assertEquals("Team 'blocked' may not call this gateway.", error.path("message").asText());
        assertEquals("refused", response.headers().firstValue("x-team-routed").orElse(null));
        assertFinishedOnce(response);
    }

    @Test
    void should_answer_in_the_anthropic_shape_and_continue_past_a_failing_lenient_stage_on_the_messages_route() {
        HttpResponse<String> response = gateway.post("/v1/messages", MESSAGES, "x-api-key", TestGateway.KEY,
                "anthropic-version", "2023-06-01", "x-team", "blocked");

        assertEquals(403, response.statusCode(), response.body());
        JsonNode body = TestGateway.json(response.body());
        assertEquals("error", body.path("type").asText(), response.body());
        assertEquals("permission_error", body.path("error").path("type").asText(), response.body());
        assertEquals("Team 'blocked' may not call this gateway.", body.path("error").path("message").asText());
        JsonNode receipt = gateway.receiptEventually(trace(response), TestGateway.KEY);
        String decisions = receipt.path("decisions").toString();
        assertTrue(decisions.contains("\"id\":\"lenientGate\",\"outcome\":\"error_continued\""), decisions);
        assertTrue(decisions.contains("\"id\":\"teamGate\",\"outcome\":\"reject\""), decisions);
        assertFinishedOnce(response);
    }

    @Test
    void should_answer_500_naming_the_stage_without_its_exception_when_the_plugin_stage_throws() {
        HttpResponse<String> response = chat(TestGateway.KEY, "boom");

        assertEquals(500, response.statusCode(), response.body());
        JsonNode error = TestGateway.json(response.body()).path("error");
        assertEquals("stage_failed", error.path("code").asText(), response.body());
        assertTrue(error.path("message").asText().contains("'teamGate'"), response.body());
        assertFalse(response.body().contains("sk-leak") || response.body().contains("internal detail"), response.body());
        assertFinishedOnce(response);
    }

    @Test
    void should_answer_503_stage_timeout_when_the_plugin_stage_overruns_its_limit() {
        long started = System.nanoTime();
        HttpResponse<String> response = chat(TestGateway.KEY, "slow");

        assertEquals(503, response.statusCode(), response.body());
        assertEquals("stage_timeout", TestGateway.json(response.body()).path("error").path("code").asText(), response.body());
        assertTrue(response.body().contains("'teamGate'") && response.body().contains("300 ms"), response.body());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 5_000, "answered at the limit, not after the stage");
        assertFinishedOnce(response);
    }

    @Test
    void should_fail_the_stage_when_it_chooses_an_alias_the_key_may_not_use() {
        long upstreamCalls = mock.requestCount();
        HttpResponse<String> response = chat(TestGateway.LIMITED_KEY, "gold");

        assertEquals(500, response.statusCode(), response.body());
        assertTrue(response.body().contains("'teamGate'"), response.body());
        assertEquals(upstreamCalls, mock.requestCount(), "nothing went upstream");
    }

    @Test
    void should_fail_the_stage_when_it_sets_a_response_header_the_gateway_owns() {
        HttpResponse<String> response = chat(TestGateway.KEY, "forge");

        assertEquals(500, response.statusCode(), response.body());
        assertFalse(response.headers().allValues("x-caravan-served-by").contains("forged"));
    }

    @Test
    void should_replace_the_resolved_alias_when_the_stage_runs_after_resolve_alias() {
        HttpResponse<String> response = gateway.post("/v1/late-stage", CHAT, "authorization", TestGateway.bearer(TestGateway.KEY),
                "x-team", "gold");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("gpt-4o", mock.lastRequest().path("model").asText());
        assertEquals("premium", gateway.receiptEventually(trace(response), TestGateway.KEY).path("alias").asText());
    }

    @Test
    void should_let_the_stage_choice_win_over_a_saved_route_header() {
        HttpResponse<String> saved = gateway.post("/v1/chat/completions", CHAT, "authorization", TestGateway.bearer(TestGateway.KEY),
                "x-caravan-route", "cheap");
        assertEquals(200, saved.statusCode(), saved.body());
        assertEquals("gpt-3.5-turbo", mock.lastRequest().path("model").asText(), "the saved route applies without the stage's choice");

        HttpResponse<String> chosen = gateway.post("/v1/chat/completions", CHAT, "authorization", TestGateway.bearer(TestGateway.KEY),
                "x-caravan-route", "cheap", "x-team", "gold");

        assertEquals(200, chosen.statusCode(), chosen.body());
        assertEquals("gpt-4o", mock.lastRequest().path("model").asText());
    }

    @Test
    void should_answer_500_when_the_stage_is_placed_before_authenticate() {
        HttpResponse<String> response = gateway.post("/v1/early-stage", CHAT, "authorization", TestGateway.bearer(TestGateway.KEY),
                "x-team", "gold");

        assertEquals(500, response.statusCode(), response.body());
        assertFinishedOnce(response);
    }
}
