package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.mock.MockUpstream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every stored or exported text of a receipt follows the logging mode, through real HTTP: the mock
 * upstream answers an error whose message echoes the prompt (and the provider's extra header value),
 * and a client sends a model name carrying PII, once per logging mode and do-not-track rule. Then
 * every artefact is searched: receipts (client and admin API), request logs, both exports, and the
 * raw H2 files after the gateway closed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoredTextPrivacyTest {

    static final String EMAIL = "jane.doe@example.com";
    static final String CARD = "4111 1111 1111 1111";
    static final String SSN = "123-45-6789";
    static final String AWS = "AKIAIOSFODNN7EXAMPLE";
    static final List<String> PII = List.of(EMAIL, CARD, SSN, AWS);
    static final String HEADER_VALUE = "hdr-org-value-31337-zz";
    static final String PII_TEXT = "mail " + EMAIL + " card " + CARD + " ssn " + SSN + " aws " + AWS;
    /** What the 'full' scenario sends: other values, so the database files can be searched for the ones above. */
    static final String FULL_TEXT = "mail full.user@example.org card 5555 5555 5555 4444 ssn 234-56-7890 aws AKIAI44QH8DHBEXAMPLE";

    static final String FULL_KEY = "sk-test-caravan-full-0001";
    static final String DNT_KEY = "sk-test-caravan-dntkey-0001";
    static final String QUIET_KEY = "sk-test-caravan-quiet-0001";
    static final String OTHER_KEY = "sk-test-caravan-other-0001";

    /** Scenario name → the key it uses and whether PII may be stored there at all. */
    record Scenario(String key, boolean header, boolean piiAllowed) {
        String text() {
            return piiAllowed ? FULL_TEXT : PII_TEXT;
        }
    }

    static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("redacted", new Scenario(TestGateway.KEY, false, false));
        SCENARIOS.put("full", new Scenario(FULL_KEY, false, true));
        SCENARIOS.put("metadata_only", new Scenario(OTHER_KEY, false, false));
        SCENARIOS.put("dnt-key", new Scenario(DNT_KEY, false, false));
        SCENARIOS.put("dnt-tenant", new Scenario(QUIET_KEY, false, false));
        SCENARIOS.put("dnt-header", new Scenario(FULL_KEY, true, false));
    }

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;
    /** trace id → scenario name, for every request made. */
    static final Map<String, String> traces = new LinkedHashMap<>();
    static final List<String> clientAnswers = new ArrayList<>();
    static boolean closed;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(dev.caravan.mock.MockOptions.defaults());
        String yaml = """
                server: { host: 127.0.0.1, port: %d, io_threads: 2 }
                storage: { url: "jdbc:h2:file:%s/db/caravan" }
                admin: { token: "%s" }
                routes: { dir: "%s" }
                plugins: { dir: "%s" }
                receipts: { spill_file: "%s/spill.jsonl", flush_interval_ms: 20 }
                providers:
                  - { id: org, plugin: openai, base_url: "%s", api_key: "sk-upstream-secret-123", headers: { x-org-id: "%s" } }
                models:
                  - { alias: fast, targets: [ { provider: org, model: gpt-4o-mini } ] }
                keys:
                  - { name: dev, key: "%s", tenant: acme }
                  - { name: full, key: "%s", tenant: beta }
                  - { name: dntkey, key: "%s", tenant: beta, do_not_track: true }
                  - { name: quiet, key: "%s", tenant: quiet }
                  - { name: other, key: "%s", tenant: unlisted }
                logging: { flush_interval_ms: 20 }
                tenants:
                  - { id: acme, logging: redacted, redactors: [pii] }
                  - { id: beta, logging: full }
                  - { id: quiet, logging: full, do_not_track: true }
                """.formatted(TestGateway.freePort(), tmp, TestGateway.ADMIN_TOKEN, TestGateway.routesDir(),
                TestGateway.pluginsDir(), tmp, mock.baseUrl(), HEADER_VALUE, TestGateway.KEY, FULL_KEY, DNT_KEY,
                QUIET_KEY, OTHER_KEY);
        gateway = TestGateway.startFromYaml(yaml, tmp);
        SCENARIOS.forEach((name, s) -> {
            traces.put(echoedError(s), name);
            traces.put(piiModel(s), name);
        });
    }

    @AfterAll
    static void stop() {
        if (!closed) {
            gateway.close();
        }
        mock.close();
    }

    private static String[] headers(Scenario s) {
        return s.header()
                ? new String[] {"authorization", TestGateway.bearer(s.key()), "x-caravan-do-not-track", "true"}
                : new String[] {"authorization", TestGateway.bearer(s.key())};
    }

    /** The upstream answers 400 with a message quoting the prompt and the extra header it was sent. */
    private static String echoedError(Scenario s) {
        ObjectNode error = TestGateway.JSON.createObjectNode();
        error.putObject("error").put("message", "cannot process '" + s.text() + "' for org " + HEADER_VALUE)
                .put("type", "invalid_request_error").put("code", "bad_prompt");
        ObjectNode body = TestGateway.JSON.createObjectNode().put("model", "fast");
        body.putArray("messages").addObject().put("role", "user").put("content", s.text());
        body.putObject("mock").put("status", 400).put("error_body", error.toString());
        HttpResponse<String> r = gateway.post("/v1/chat/completions", body.toString(), headers(s));
        assertEquals(400, r.statusCode(), r.body());
        clientAnswers.add(r.body());
        return r.headers().firstValue("x-caravan-trace-id").orElseThrow();
    }

    private static String piiModel(Scenario s) {
        ObjectNode body = TestGateway.JSON.createObjectNode().put("model", s.text());
        body.putArray("messages").addObject().put("role", "user").put("content", "hi");
        HttpResponse<String> r = gateway.post("/v1/chat/completions", body.toString(), headers(s));
        assertEquals(404, r.statusCode(), r.body());
        return r.headers().firstValue("x-caravan-trace-id").orElseThrow();
    }

    private static void assertClean(String where, String text, boolean piiAllowed) {
        assertFalse(text.contains(HEADER_VALUE), where + " holds the provider's extra header value: " + text);
        assertFalse(text.contains(AWS) || text.contains("AKIAI44QH8DHBEXAMPLE"), where + " holds a key-shaped secret: " + text);
        if (!piiAllowed) {
            for (String value : PII) {
                assertFalse(text.contains(value), where + " holds " + value + ": " + text);
            }
        }
    }

    private static String admin(String path) {
        HttpResponse<String> r = gateway.get(path, "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN));
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    @Test
    @Order(1)
    void should_never_echo_the_extra_header_value_when_the_upstream_error_quotes_it() {
        for (String answer : clientAnswers) {
            assertFalse(answer.contains(HEADER_VALUE), answer);
            assertTrue(answer.contains("bad_prompt"), answer); // the upstream's error still reaches the client
        }
    }

    @Test
    @Order(2)
    void should_store_no_pii_in_receipts_when_the_mode_forbids_it() {
        traces.forEach((trace, name) -> {
            Scenario s = SCENARIOS.get(name);
            String receipt = gateway.receiptEventually(trace, s.key()).toString();
            assertClean(name + " receipt " + trace, receipt, s.piiAllowed());
        });
    }

    @Test
    @Order(3)
    void should_keep_the_upstream_error_type_and_code_when_its_message_is_withheld() {
        String trace = traces.entrySet().stream().filter(e -> e.getValue().equals("metadata_only")).findFirst()
                .orElseThrow().getKey();
        String message = gateway.receiptEventually(trace, OTHER_KEY).get("error_message").asText();
        assertEquals("upstream error (status 400, type invalid_request_error, code bad_prompt); message not stored", message);
    }

    @Test
    @Order(4)
    void should_store_the_unknown_model_as_a_bounded_placeholder_when_metadata_only() {
        String trace = new ArrayList<>(traces.keySet()).get(5); // metadata_only's model request
        assertEquals("metadata_only", traces.get(trace));
        String model = gateway.receiptEventually(trace, OTHER_KEY).get("requested_model").asText();
        assertTrue(model.matches("\\[model sha256:[0-9a-f]{12}]"), model);
    }

    @Test
    @Order(5)
    void should_show_no_pii_in_the_admin_receipt_list_and_the_exports_when_the_mode_forbids_it() {
        gateway.gateway().flushRequestLogs(Duration.ofSeconds(10));
        Poll.until(() -> admin("/admin/v1/receipts?limit=100"), b -> traces.keySet().stream().allMatch(b::contains),
                Duration.ofSeconds(10), () -> "receipts not listed");
        for (String tenant : List.of("acme", "unlisted", "quiet")) {
            assertClean("admin list " + tenant, admin("/admin/v1/receipts?limit=100&tenant=" + tenant), false);
            assertClean("receipt export " + tenant, admin("/admin/v1/exports?format=jsonl&include=receipts&tenant=" + tenant), false);
            assertClean("log export " + tenant, admin("/admin/v1/exports?format=csv&include=logs&tenant=" + tenant), false);
        }
        traces.forEach((trace, name) -> {
            if (!SCENARIOS.get(name).piiAllowed()) {
                String log = Poll.until(() -> gateway.get("/admin/v1/logs/" + trace, "authorization",
                        TestGateway.bearer(TestGateway.ADMIN_TOKEN)), r -> r.statusCode() == 200,
                        Duration.ofSeconds(10), () -> "no log " + trace).body();
                assertClean(name + " request log", log, false);
            }
        });
    }

    @Test
    @Order(6)
    void should_leave_no_forbidden_text_in_the_database_files_when_the_gateway_closed() throws IOException {
        closed = true;
        gateway.close(); // checkpoints and closes H2: every row is in the files now
        String everything;
        try (Stream<Path> files = Files.walk(tmp)) {
            everything = String.join("\n", files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().contains("/db/")).map(StoredTextPrivacyTest::read).toList());
        }
        assertTrue(everything.contains("bad_prompt"), "the database files were not read"); // stored receipts are there
        assertFalse(everything.contains(HEADER_VALUE), "the extra header value is in the database files");
        for (String value : PII) { // only 'full' may store PII, and it sent other values
            assertFalse(everything.contains(value), value + " is in the database files");
        }
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
