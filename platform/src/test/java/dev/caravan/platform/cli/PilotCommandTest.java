package dev.caravan.platform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockScript;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.it.TestGateway;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code caravan pilot} with docs/examples/pilot.yaml against a real gateway in this JVM (the mock
 * upstream behind it), and against the mock upstream directly. The gateway's aliases: {@code fast}
 * (mock gpt-4o-mini), {@code tools} (mock gpt-4o, scripted to call the first tool it is offered),
 * {@code structured} (mock gpt-4.1-mini, scripted to answer the schema's JSON), {@code embed} (mock
 * text-embedding-3-small) and {@code pictures} (dall-e-3 on an Anthropic provider, which has no
 * image generation). Every upstream model is priced by a shipped catalog row.
 */
class PilotCommandTest {

    static final String EXAMPLE = "../docs/examples/pilot.yaml";
    static final String MODELS = """
              - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
              - { alias: tools, targets: [ { provider: mock, model: gpt-4o } ] }
              - { alias: structured, targets: [ { provider: mock, model: gpt-4.1-mini } ] }
              - { alias: embed, targets: [ { provider: mock, model: text-embedding-3-small } ] }
              - { alias: pictures, targets: [ { provider: claude, model: dall-e-3 } ] }
              - { alias: house, targets: [ { provider: mock, model: house-model } ] }
            """;
    /** A price row of the gateway's own, which the shipped catalog does not have. */
    static final String HOUSE_ROW = "pricing:\n  - { provider: mock, model: house-model, input_per_mtok: \"1.00\", output_per_mtok: \"2.00\" }\n";

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;
    static CliRun run;
    static Path out;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        mock.script("gpt-4o", MockScript.steps().thenForever(o -> o.withToolCall("*").withToolArguments("{\"city\":\"Paris\"}")));
        mock.script("gpt-4.1-mini", MockScript.steps().thenForever(o -> o.withContent("{\"city\":\"Paris\",\"temperature_c\":21}")));
        String claude = "- { id: claude, plugin: anthropic, base_url: \"" + mock.baseUrl() + "\", api_key: \"sk-ant-x\" }";
        gateway = TestGateway.startWithProvidersAndAdmin(mock, tmp, claude, MODELS,
                "breaker: { window: 10000, minimum_calls: 10000 }\n" + HOUSE_ROW);
        out = tmp.resolve("note");
        String url = gateway.baseUrl().toString();
        run = CliRun.of("pilot", "--file", EXAMPLE, "--base-url", url + "/v1", "--admin-url", url, "--key", TestGateway.KEY,
                "--admin-token", TestGateway.ADMIN_TOKEN, "--out", out.toString());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    @Test
    void should_write_a_go_note_with_every_step_filled_when_the_target_is_caravan() throws IOException {
        assertEquals(0, run.exit(), run.toString());
        String md = Files.readString(out.resolve("pilot-note.md"));
        assertEquals(md + "\nwrote " + out.resolve("pilot-note.md") + " and " + out.resolve("pilot-note.json") + ": go\n", run.out());
        assertTrue(md.contains("**Decision: GO**"), md);
        for (String heading : new String[] {"## 1. Workflow under test", "## 2. Current route (frozen)", "## 3. Candidate route",
                "## 4. Transport test", "## 5. Capability tests", "## 6. Finance test", "## 7. Note", "### Rollback diff"}) {
            assertTrue(md.contains(heading), heading + " missing:\n" + md);
        }
        assertFalse(md.contains("(not stated)"), md);
        assertTrue(md.contains("- 5 calls, 5 answered 2xx; latency min "), md);
        assertTrue(md.contains("| served by | mock/gpt-4o-mini |"), md);
        assertTrue(md.contains("| provider | openai | via " + gateway.baseUrl() + "/v1, served by mock/gpt-4o-mini |"), md);
        assertFalse(md.contains(TestGateway.KEY) || md.contains(TestGateway.ADMIN_TOKEN), "no secret in the note");
    }

    @Test
    void should_report_the_error_format_of_a_bad_request_and_a_bad_key_when_the_transport_is_tested() throws IOException {
        JsonNode transport = note().path("transport");

        assertEquals(5, transport.path("calls").size());
        assertEquals(400, transport.path("bad_request").path("status").asInt(), transport.toString());
        assertEquals("openai", transport.path("bad_request").path("format").asText());
        assertTrue(transport.path("bad_request").path("message").asText().startsWith("HTTP 400: "), transport.toString());
        assertTrue(transport.path("bad_request").path("message").asText().contains("param messages"), transport.toString());
        assertEquals(401, transport.path("bad_key").path("status").asInt());
        assertEquals("openai", transport.path("bad_key").path("format").asText());
        double min = transport.path("min_ms").asDouble();
        double median = transport.path("median_ms").asDouble();
        double max = transport.path("max_ms").asDouble();
        assertTrue(min > 0 && min <= median && median <= max, transport.toString());
    }

    @Test
    void should_pass_each_capability_the_gateway_serves_when_capabilities_are_tested() throws IOException {
        JsonNode caps = note().path("capabilities");

        for (String name : new String[] {"streaming", "tool_calling", "structured_output", "responses", "messages", "embeddings"}) {
            JsonNode cap = capability(caps, name);
            assertEquals("pass", cap.path("verdict").asText(), cap.toString());
        }
        assertEquals("tools", capability(caps, "tool_calling").path("model").asText());
        assertTrue(capability(caps, "tool_calling").path("detail").asText().startsWith("called get_weather with {\"city\":\"Paris\"}"));
    }

    @Test
    void should_mark_images_unsupported_with_the_exact_error_when_the_alias_provider_has_no_images() throws IOException {
        JsonNode images = capability(note().path("capabilities"), "images");

        assertEquals("unsupported", images.path("verdict").asText(), images.toString());
        assertEquals("pictures", images.path("model").asText());
        assertEquals("HTTP 400: model 'dall-e-3' (provider claude) does not support image generation (type invalid_request_error, param model)",
                images.path("detail").asText());
    }

    @Test
    void should_find_every_receipt_with_the_cost_of_its_price_row_when_the_target_is_caravan() throws IOException {
        JsonNode finance = note().path("finance");

        assertEquals("pass", finance.path("verdict").asText(), finance.toString());
        // 5 transport calls, the bad request and the 7 capability calls; the bad key's call has no receipt.
        assertEquals(13, finance.path("receipts").size(), finance.toString());
        for (JsonNode check : finance.path("receipts")) {
            assertTrue(check.path("found").asBoolean() && check.path("pass").asBoolean(), check.toString());
            JsonNode receipt = gateway.receipt(check.path("trace_id").asText(), TestGateway.KEY);
            assertEquals(receipt.path("cost_usd").asText(), check.path("cost_usd").asText());
        }
        JsonNode first = finance.path("receipts").get(0);
        assertEquals("openai/gpt-4o-mini@2024-07-18", first.path("price_id").asText());
        JsonNode receipt = gateway.receipt(first.path("trace_id").asText(), TestGateway.KEY);
        // The row's arithmetic by hand: prompt × 0.15 + completion × 0.60, per million.
        BigDecimal byHand = BigDecimal.valueOf(receipt.path("prompt_tokens").asLong()).multiply(new BigDecimal("0.15"))
                .add(BigDecimal.valueOf(receipt.path("completion_tokens").asLong()).multiply(new BigDecimal("0.60"))).movePointLeft(6);
        assertEquals(0, byHand.compareTo(new BigDecimal(first.path("recomputed_usd").asText())), first.toString());
        assertTrue(finance.path("usage").asText().contains("alias fast 8 requests"), finance.toString());
    }

    @Test
    void should_say_receipt_checks_do_not_apply_when_the_target_is_not_caravan() throws IOException {
        Path direct = tmp.resolve("direct");
        CliRun plain = CliRun.of("pilot", "--base-url", mock.baseUrl().toString(), "--alias", "gpt-4o-mini", "--key", "sk-anything",
                "--admin-url", gateway.baseUrl().toString(), "--admin-token", TestGateway.ADMIN_TOKEN, "--calls", "3", "--out", direct.toString());

        JsonNode note = TestGateway.JSON.readTree(Files.readString(direct.resolve("pilot-note.json")));
        assertEquals("openai-compatible", note.path("target").asText(), plain.toString());
        assertEquals("not applicable", note.path("finance").path("verdict").asText());
        assertTrue(note.path("finance").path("reason").asText().startsWith("the target sent no x-caravan-trace-id"), note.toString());
        assertEquals(0, note.path("finance").path("receipts").size());
        assertEquals(3, note.path("transport").path("ok").asInt(), note.toString());
        assertTrue(plain.out().contains("## 6. Finance test\n\n- Result: not applicable"), plain.out());
        // The mock takes any key: the note says so, and that is a no-go.
        assertFalse(note.path("transport").path("bad_key").path("pass").asBoolean());
        assertEquals("no-go", note.path("decision").asText());
        assertEquals(1, plain.exit(), plain.toString());
    }

    @Test
    void should_exit_2_naming_line_and_field_when_the_pilot_file_is_bad() throws IOException {
        Path file = tmp.resolve("bad-pilot.yaml");
        Files.writeString(file, """
                workflow:
                  name: drafts
                candidate:
                  base_url: "ftp://example.com"
                  api_key: sk-live-123
                transport:
                  calls: 0
                capabilities:
                  required: [streaming, telepathy]
                """);
        CliRun bad = CliRun.of("pilot", "--file", file.toString(), "--key", "k", "--out", tmp.resolve("never").toString());

        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains(file + ": line 4: candidate.base_url: must be an http:// or https:// URL, got 'ftp://example.com'"), bad.err());
        assertTrue(bad.err().contains(file + ": line 5: candidate.api_key: secrets do not go in the pilot file"), bad.err());
        assertTrue(bad.err().contains(file + ": line 7: transport.calls: must be from 1 to 1000, got 0"), bad.err());
        assertTrue(bad.err().contains(file + ": line 9: capabilities.required[1]: unknown capability 'telepathy'"), bad.err());
        assertFalse(bad.err().contains("sk-live-123"), "the secret is not echoed");
        assertFalse(Files.exists(tmp.resolve("never")), "nothing is run or written");
    }

    @Test
    void should_exit_2_naming_the_field_when_an_unknown_field_is_given() throws IOException {
        Path file = tmp.resolve("typo-pilot.yaml");
        Files.writeString(file, """
                candidate:
                  base_url: http://127.0.0.1:1/v1
                  alias: fast
                note:
                  suport_path: "#oncall"
                """);
        CliRun bad = CliRun.of("pilot", "--file", file.toString(), "--key", "k", "--out", tmp.resolve("never2").toString());

        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains(file + ": line 5: note.suport_path: unknown field (known: logging_policy, next_workflow, quota_behaviour, support_path)"),
                bad.err());
    }

    @Test
    void should_check_costs_against_the_gateways_own_price_rows_only_when_its_config_is_given() throws IOException {
        Path config = tmp.resolve("house.yaml");
        Files.writeString(config, HOUSE_ROW);
        String url = gateway.baseUrl().toString();

        CliRun without = CliRun.of("pilot", "--base-url", url + "/v1", "--alias", "house", "--calls", "2", "--key", TestGateway.KEY,
                "--admin-url", url, "--admin-token", TestGateway.ADMIN_TOKEN, "--out", tmp.resolve("house-1").toString());
        CliRun with = CliRun.of("pilot", "--base-url", url + "/v1", "--alias", "house", "--calls", "2", "--key", TestGateway.KEY,
                "--admin-url", url, "--admin-token", TestGateway.ADMIN_TOKEN, "--config", config.toString(), "--out", tmp.resolve("house-2").toString());

        assertEquals(1, without.exit(), without.toString());
        assertTrue(without.out().contains("- finance: transport " ) && without.out().contains(
                "price row mock/house-model@1970-01-01 is not in the catalog this pilot reads (pass --config with the gateway's caravan.yaml)"),
                without.out());
        JsonNode finance = TestGateway.JSON.readTree(Files.readString(tmp.resolve("house-2").resolve("pilot-note.json"))).path("finance");
        assertEquals("pass", finance.path("verdict").asText(), with.toString());
        JsonNode first = finance.path("receipts").get(0);
        assertEquals("mock/house-model@1970-01-01", first.path("price_id").asText());
        JsonNode receipt = gateway.receipt(first.path("trace_id").asText(), TestGateway.KEY);
        // prompt × 1.00 + completion × 2.00, per million
        BigDecimal byHand = BigDecimal.valueOf(receipt.path("prompt_tokens").asLong())
                .add(BigDecimal.valueOf(2 * receipt.path("completion_tokens").asLong())).movePointLeft(6);
        assertEquals(0, byHand.compareTo(new BigDecimal(first.path("recomputed_usd").asText())), first.toString());
    }

    /** Each line of docs/pilot.md's example note ("…" stands for what changes from run to run) is a line of the note the example file produced. */
    @Test
    void should_produce_the_example_note_that_docs_show() throws IOException {
        String doc = Files.readString(Path.of("../docs/pilot.md"));
        int start = doc.indexOf("```markdown\n", doc.indexOf("### An example note"));
        String example = doc.substring(start + "```markdown\n".length(), doc.indexOf("\n```", start));
        java.util.List<String> note = Files.readString(out.resolve("pilot-note.md")).lines().toList();
        assertTrue(example.lines().count() > 40, example);
        for (String line : example.lines().toList()) {
            String regex = java.util.Arrays.stream(line.split("…", -1)).map(java.util.regex.Pattern::quote)
                    .collect(java.util.stream.Collectors.joining(".*"));
            assertTrue(note.stream().anyMatch(l -> l.matches(regex)), "docs/pilot.md shows a line the note does not have: " + line);
        }
    }

    private static JsonNode note() throws IOException {
        JsonNode note = TestGateway.JSON.readTree(Files.readString(out.resolve("pilot-note.json")));
        assertNotNull(note.get("decision"), note.toString());
        return note;
    }

    private static JsonNode capability(JsonNode caps, String name) {
        for (JsonNode cap : caps) {
            if (cap.path("name").asText().equals(name)) {
                return cap;
            }
        }
        throw new AssertionError("no capability " + name + " in " + caps);
    }
}
