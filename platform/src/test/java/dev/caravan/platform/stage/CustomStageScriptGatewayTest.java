package dev.caravan.platform.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.it.Poll;
import dev.caravan.platform.it.TestGateway;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/pipelines.md, "Custom stages", step by step on a running gateway: the shipped example
 * {@code policies/examples/stages/tenantRouter.groovy} is dropped into the policies folder, the route
 * file is edited to add the step (routes.reload on), and a real request with {@code x-team: gold} is
 * served by alias {@code premium} (the mock upstream sees the premium model) while one without the
 * header is not. Then the script is deleted: the step answers 503 naming it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomStageScriptGatewayTest {

    static final Path EXAMPLE = Path.of(System.getProperty("caravan.test.policies", "../policies"))
            .resolve("examples/stages/tenantRouter.groovy");
    static final String STEP = "        - process: { ref: \"script:tenantRouter\" }   # custom stage: x-team: gold -> premium\n";
    static final String CHAT = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    static Path tmp;
    static Path routes;
    static Path policies;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        routes = TestGateway.copyOfShippedRoutes(tmp.resolve("routes"));
        policies = Files.createDirectories(tmp.resolve("policies"));
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startFromYaml("""
                server: { host: 127.0.0.1, port: %d }
                storage: { url: "jdbc:h2:file:%s/db/caravan" }
                admin: { token: "%s" }
                routes: { dir: "%s", reload: true }
                policies: { dir: "%s", reload_interval_ms: 100 }
                plugins: { dir: "%s" }
                receipts: { spill_file: "%s/spill.jsonl", flush_interval_ms: 20 }
                providers: [ { id: mock, plugin: openai, base_url: "%s" } ]
                models:
                  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                  - { alias: premium, targets: [ { provider: mock, model: gpt-4o } ] }
                keys: [ { name: dev, key: "%s", tenant: acme } ]
                """.formatted(TestGateway.freePort(), tmp, TestGateway.ADMIN_TOKEN, routes, policies, TestGateway.pluginsDir(), tmp,
                mock.baseUrl(), TestGateway.KEY), tmp);
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

    static String modelSentUpstream() {
        return mock.lastRequest().path("model").asText();
    }

    static String policyStatus(String id) {
        JsonNode list = TestGateway.json(gateway.get("/admin/v1/policies", "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN)).body());
        return StreamSupport.stream(list.path("data").spliterator(), false).filter(p -> p.path("id").asText().equals(id))
                .map(p -> p.path("kind").asText() + ":" + p.path("status").asText()).findFirst().orElse("absent");
    }

    @Test
    @Order(1)
    void should_route_gold_requests_to_premium_when_the_example_script_and_the_route_step_are_added_to_a_running_gateway()
            throws IOException {
        assertEquals(200, chat("x-team", "gold").statusCode());
        assertEquals("gpt-4o-mini", modelSentUpstream(), "before the stage is added, the header changes nothing");

        // 1. Drop the script into policies/stages/ and wait until the listing shows it active.
        Files.createDirectories(policies.resolve("stages"));
        Files.copy(EXAMPLE, policies.resolve("stages/tenantRouter.groovy"));
        Poll.until(() -> policyStatus("stages/tenantRouter"), "stage:active"::equals, Duration.ofSeconds(20),
                () -> "stage script never loaded: " + policyStatus("stages/tenantRouter"));

        // 2. Add the step before resolveAlias in the chat completions route; routes.reload picks it up.
        Path openai = routes.resolve("openai.yaml");
        String route = Files.readString(openai);
        int at = route.indexOf("        - process: { ref: resolveAlias }");
        Files.writeString(openai, route.substring(0, at) + STEP + route.substring(at));

        // 3. x-team: gold is served by premium.
        HttpResponse<String> gold = Poll.until(() -> chat("x-team", "gold"),
                r -> r.statusCode() == 200 && "gpt-4o".equals(modelSentUpstream()), Duration.ofSeconds(20),
                () -> "the edited route never routed gold to premium; upstream saw " + modelSentUpstream());
        assertEquals("gold", gold.headers().firstValue("x-team-routed").orElse(null));
        assertEquals("mock/gpt-4o", gold.headers().firstValue("x-caravan-served-by").orElse(null));
        String trace = gold.headers().firstValue("x-caravan-trace-id").orElseThrow();
        JsonNode receipt = gateway.receiptEventually(trace, TestGateway.KEY);
        assertEquals("premium", receipt.path("alias").asText(), receipt.toString());
        assertTrue(receipt.toString().contains("\"stage\":\"stage\",\"id\":\"script:tenantRouter\",\"outcome\":\"proceed\""),
                receipt.toString());

        // 4. Without the header (or with another team) the request keeps its model.
        HttpResponse<String> plain = chat();
        assertEquals(200, plain.statusCode(), plain.body());
        assertEquals("gpt-4o-mini", modelSentUpstream());
        assertNull(plain.headers().firstValue("x-team-routed").orElse(null));
        assertEquals(200, chat("x-team", "silver").statusCode());
        assertEquals("gpt-4o-mini", modelSentUpstream());
    }

    @Test
    @Order(2)
    void should_answer_503_naming_the_stage_when_its_script_is_deleted_while_a_route_names_it() throws IOException {
        Files.delete(policies.resolve("stages/tenantRouter.groovy"));

        HttpResponse<String> gone = Poll.until(() -> chat("x-team", "gold"), r -> r.statusCode() == 503, Duration.ofSeconds(20),
                () -> "deleting the script never took effect");
        JsonNode error = TestGateway.json(gone.body()).path("error");
        assertEquals("stage_unavailable", error.path("code").asText(), gone.body());
        assertTrue(error.path("message").asText().contains("'script:tenantRouter'"), gone.body());
        String trace = gone.headers().firstValue("x-caravan-trace-id").orElseThrow();
        assertEquals(503, gateway.receiptEventually(trace, TestGateway.KEY).path("status").asInt());
    }
}
