package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.config.ConfigLoader;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request headers are Camel message headers in a route (docs/pipelines.md, "Request headers in
 * routes"), except credentials and the operator's list, and so are query parameters; nothing
 * mapped is echoed to the client.
 * The route turns what it sees into the instruction sent upstream, read back from the mock.
 */
class RequestHeadersInRoutesTest {

    private static final String ROUTE = """
            - route:
                id: test-team-summarize
                routeConfigurationId: caravan-errors
                from:
                  uri: "netty-http:{{caravan.listen}}/v1/team-summarize"
                  parameters:
                    httpMethodRestrict: POST
                  steps:
                    - process: { ref: ingress }
                    - process: { ref: authenticate }
                    - choice:
                        when:
                          - simple: "${header.X-TEAM} == 'gold'"
                            steps:
                              - setProperty: { name: tier, constant: gold }
                        otherwise:
                          steps:
                            - setProperty: { name: tier, constant: standard }
                    - setProperty:
                        name: caravan.instruction
                        simple: "tier=${exchangeProperty.tier} auth=[${header.Authorization}] key=[${header.x-api-key}] cookie=[${header.cookie}] proxy=[${header.Proxy-Authorization}] internal=[${header.x-internal-secret}] camel=[${header.CamelHttpResponseCode}] ctype=[${header.Content-Type}]"
                    - process: { ref: textToChat }
                    - process: { ref: parseChat }
                    - process: { ref: resolveAlias }
                    - process: { ref: callUpstream }
                    - process: { ref: chatToText }
                    - process: { ref: receipt }
            - route:
                id: test-plain-body
                from:
                  uri: "netty-http:{{caravan.listen}}/v1/plain-body"
                  steps:
                    - process: { ref: ingress }
                    - setHeader: { name: x-route-set, constant: "by the route" }
                    - setBody: { simple: "team ${header.x-team}" }
            """;
    private static final String BODY = "{\"model\":\"fast\",\"text\":\"hello\"}";

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        Path routes = Files.createDirectories(tmp.resolve("routes"));
        for (Path file : dev.caravan.platform.server.RouteFiles.list(TestGateway.routesDir())) {
            Files.copy(file, routes.resolve(file.getFileName()));
        }
        Files.writeString(routes.resolve("team.yaml"), ROUTE);
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startFromYaml(config(routes, "[ X-Internal-Secret ]"), tmp);
    }

    private static String config(Path routes, String unmapped) {
        return """
                server: { host: 127.0.0.1, port: %d }
                storage: { url: "jdbc:h2:file:%s/db/caravan" }
                routes: { dir: "%s", unmapped_headers: %s }
                plugins: { dir: "%s" }
                receipts: { spill_file: "%s/spill.jsonl", flush_interval_ms: 20 }
                providers: [ { id: mock, plugin: openai, base_url: "%s" } ]
                models: [ { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] } ]
                keys: [ { name: dev, key: "%s", tenant: acme } ]
                """.formatted(TestGateway.freePort(), tmp, routes, unmapped, TestGateway.pluginsDir(), tmp, mock.baseUrl(), TestGateway.KEY);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    private static String instructionSentUpstream(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return mock.lastRequest().get("messages").get(0).get("content").asText();
    }

    @Test
    void should_take_the_when_branch_when_a_choice_tests_a_request_header() {
        String instruction = instructionSentUpstream(gateway.post("/v1/team-summarize", BODY,
                "authorization", TestGateway.bearer(TestGateway.KEY), "x-team", "gold"));

        assertTrue(instruction.startsWith("tier=gold "), instruction);
    }

    @Test
    void should_take_the_otherwise_branch_when_the_header_has_another_value() {
        String instruction = instructionSentUpstream(gateway.post("/v1/team-summarize", BODY,
                "authorization", TestGateway.bearer(TestGateway.KEY), "x-team", "silver"));

        assertTrue(instruction.startsWith("tier=standard "), instruction);
    }

    @Test
    void should_hide_credentials_and_the_operators_headers_from_the_route_when_they_are_sent() {
        String instruction = instructionSentUpstream(gateway.post("/v1/team-summarize", BODY,
                "authorization", TestGateway.bearer(TestGateway.KEY), "x-team", "gold", "cookie", "session=s3cr3t",
                "proxy-authorization", "Basic cHJveHk6cGFzcw==", "x-internal-secret", "do-not-read",
                "CamelHttpResponseCode", "299", "content-type", "application/json"));

        assertEquals("tier=gold auth=[] key=[] cookie=[] proxy=[] internal=[] camel=[] ctype=[]", instruction);
    }

    @Test
    void should_see_the_first_value_when_a_header_is_sent_twice() {
        String instruction = instructionSentUpstream(gateway.post("/v1/team-summarize", BODY,
                "authorization", TestGateway.bearer(TestGateway.KEY), "x-team", "gold", "x-team", "silver"));

        assertTrue(instruction.startsWith("tier=gold "), instruction);
    }

    @Test
    void should_hide_the_x_api_key_from_the_route_when_it_is_the_credential() {
        String instruction = instructionSentUpstream(gateway.post("/v1/team-summarize", BODY,
                "x-api-key", TestGateway.KEY, "x-team", "gold"));

        assertTrue(instruction.contains("key=[]"), instruction);
    }

    @Test
    void should_not_echo_request_headers_when_a_stage_answers() {
        HttpResponse<String> response = gateway.post("/v1/team-summarize", BODY,
                "authorization", TestGateway.bearer(TestGateway.KEY), "x-team", "gold", "x-internal-secret", "do-not-read");

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("x-caravan-trace-id").isPresent());
        assertFalse(response.headers().firstValue("x-team").isPresent(), response.headers().toString());
        assertFalse(response.headers().firstValue("x-internal-secret").isPresent(), response.headers().toString());
        assertFalse(response.headers().firstValue("authorization").isPresent(), response.headers().toString());
    }

    @Test
    void should_not_echo_request_or_route_headers_when_a_route_leaves_a_plain_body() {
        HttpResponse<String> response = gateway.post("/v1/plain-body", "{}", "x-team", "gold");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("team gold", response.body()); // the route read the header
        assertFalse(response.headers().firstValue("x-team").isPresent(), response.headers().toString());
        assertFalse(response.headers().firstValue("x-route-set").isPresent(), response.headers().toString());
    }

    @Test
    void should_see_a_query_parameter_as_a_header_when_the_url_carries_it() {
        HttpResponse<String> response = gateway.post("/v1/plain-body?x-team=gold%20star", "{}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("team gold star", response.body());
    }

    @Test
    void should_keep_the_query_parameter_when_a_request_header_has_its_name() {
        HttpResponse<String> response = gateway.post("/v1/plain-body?x-team=gold", "{}", "x-team", "silver");

        assertEquals("team gold", response.body());
    }

    @Test
    void should_not_map_a_query_parameter_when_camel_reserves_its_name() {
        HttpResponse<String> response = gateway.post("/v1/plain-body?CamelHttpResponseCode=299&x-team=gold", "{}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("team gold", response.body());
    }

    @Test
    void should_name_the_entry_when_an_unmapped_header_is_not_a_header_name() {
        List<String> problems = assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml(
                config(tmp.resolve("routes"), "[ x-ok, \"x team\" ]"), Map.of(), tmp)).problems();

        assertEquals(List.of("routes.unmapped_headers[1]: must be an HTTP header name (letters, digits and"
                + " !#$%&'*+-.^_`|~), got 'x team'"), problems);
    }
}
