package dev.caravan.platform.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.cli.CaravanCli;
import dev.caravan.platform.it.Poll;
import dev.caravan.platform.it.TestGateway;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code caravan reconcile} against receipts of real requests through the gateway and the mock
 * upstream: two gpt-4o-mini requests the bill matches to the cent, one gpt-4o request the bill
 * charges a quarter more for, and a model the gateway never served. docs/evidence.md "Reconciliation".
 */
class ReconcileGatewayTest {

    private static final String KEY = "sk-test-reconcile-0000001";

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;
    static Path config;
    static LocalDate today;

    @BeforeAll
    static void start() throws IOException {
        mock = MockUpstream.start(MockOptions.defaults());
        String yaml = """
                server: { host: 127.0.0.1, port: %d, io_threads: 2 }
                storage: { url: "jdbc:h2:file:%s" }
                routes: { dir: "%s" }
                plugins: { dir: "%s" }
                receipts: { spill_file: "%s/spill.jsonl", flush_interval_ms: 20 }
                providers:
                  - { id: openai-main, plugin: openai, base_url: "%s" }
                models:
                  - { alias: fast, targets: [ { provider: openai-main, model: gpt-4o-mini } ] }
                  - { alias: big, targets: [ { provider: openai-main, model: gpt-4o } ] }
                keys:
                  - { name: acme, key: "%s", tenant: acme }
                """.formatted(TestGateway.freePort(), tmp.resolve("db/caravan"), TestGateway.routesDir(), TestGateway.pluginsDir(),
                tmp, mock.baseUrl(), KEY);
        config = Files.writeString(tmp.resolve("caravan.yaml"), yaml);
        gateway = TestGateway.startFromYaml(yaml, tmp);
        for (String alias : List.of("fast", "fast", "big")) {
            HttpResponse<String> response = gateway.post("/v1/chat/completions", """
                    {"model":"%s","messages":[{"role":"user","content":"hi"}],"mock":{"prompt_tokens":1000,"completion_tokens":500}}"""
                    .formatted(alias), "authorization", TestGateway.bearer(KEY));
            assertEquals(200, response.statusCode(), response.body());
        }
        today = LocalDate.now(ZoneOffset.UTC);
        Path empty = bill("empty", "");
        Poll.until(() -> run("--bill", empty.toString(), "--from", today.toString(), "--to", today.toString(), "--format", "json"),
                r -> r.output().contains("\"requests\" : 3"), Duration.ofSeconds(10), () -> "the three receipts were not stored");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    record Result(int code, String output) {
        JsonNode json() {
            return TestGateway.json(output);
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new CaravanCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("reconcile", "--provider", "openai-main", "--config", config.toString()));
        all.addAll(List.of(args));
        int code = cli.execute(all.toArray(String[]::new));
        return new Result(code, out + err.toString());
    }

    /** An OpenAI Costs API page for today with the given results (documented shape: resources/reconcile/README.md). */
    static Path bill(String name, String results) {
        long start = today.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        String page = """
                {
                  "object": "page",
                  "data": [
                    {
                      "object": "bucket",
                      "start_time": %d,
                      "end_time": %d,
                      "results": [%s]
                    }
                  ],
                  "has_more": false,
                  "next_page": null
                }
                """.formatted(start, start + 86400, results);
        try {
            return Files.writeString(tmp.resolve(name + ".json"), page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String cost(String lineItem, String value) {
        return """
                {"object": "organization.costs.result", "amount": {"value": %s, "currency": "usd"}, "line_item": "%s", "project_id": "proj_gw"}"""
                .formatted(value, lineItem);
    }

    static JsonNode row(JsonNode report, String model) {
        for (JsonNode row : report.get("rows")) {
            if (row.get("model").asText().equals(model)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + model + " in " + report);
    }

    static Path mismatchedBill() {
        // Receipts: 2 × (1000 × 0.15 + 500 × 0.60) / 1e6 = 0.0009 for gpt-4o-mini; (1000 × 2.50 + 500 × 10) / 1e6 = 0.0075 for gpt-4o.
        return bill("mismatched", String.join(",", cost("gpt-4o-mini-2024-07-18, input", "0.0003"),
                cost("gpt-4o-mini-2024-07-18, output", "0.0006"), cost("gpt-4o-2024-08-06, input", "0.0035"),
                cost("gpt-4o-2024-08-06, output", "0.0065"), cost("gpt-4.1-2025-04-14, input", "0.42")));
    }

    @Test
    void should_report_no_drift_for_the_model_the_bill_matches_and_the_drift_for_the_one_it_does_not() {
        Result result = run("--bill", mismatchedBill().toString(), "--format", "json");

        assertEquals(1, result.code(), result.output());
        JsonNode report = result.json();
        JsonNode mini = row(report, "gpt-4o-mini");
        assertEquals("0.0009", mini.get("bill").get("cost_usd").asText());
        assertEquals("0.0009", mini.get("recorded").get("cost_usd").asText());
        assertEquals("0", mini.get("cost_drift_usd").asText());
        assertEquals(false, mini.get("flagged").asBoolean());
        JsonNode big = row(report, "gpt-4o");
        assertEquals("0.01", big.get("bill").get("cost_usd").asText());
        assertEquals("0.0075", big.get("recorded").get("cost_usd").asText());
        assertEquals("0.0025", big.get("cost_drift_usd").asText());
        assertEquals("25.00", big.get("cost_drift_pct").asText());
        assertEquals(true, big.get("flagged").asBoolean());
        assertEquals("0.4225", report.get("total").get("cost_drift_usd").asText(), report.toString());
        assertEquals(2, report.get("flagged_rows").asInt());
    }

    @Test
    void should_name_traffic_that_bypassed_the_gateway_when_the_bill_has_a_model_without_receipts() {
        JsonNode report = run("--bill", mismatchedBill().toString(), "--format", "json").json();

        JsonNode bypass = row(report, "gpt-4.1");
        assertEquals(0, bypass.get("recorded").get("requests").asInt());
        assertEquals("bypassed-gateway", bypass.get("causes").get(0).get("id").asText());
        assertEquals(0, row(report, "gpt-4o-mini").get("causes").size());
    }

    @Test
    void should_print_the_csv_the_docs_show_for_their_example() throws IOException {
        String doc = Files.readString(Path.of("../docs/evidence.md"));
        String command = "$ caravan reconcile --provider openai-main --bill bill.json --format csv\n";
        int start = doc.indexOf(command) + command.length();
        String shown = doc.substring(start, doc.indexOf("$ echo $?", start)).replace("2025-12-07", today.toString());
        String billShown = doc.substring(doc.indexOf("```json\n", doc.indexOf("## Reconciliation")) + 8);
        Path file = writeBill("bill", billShown.substring(0, billShown.indexOf("```"))
                .replace("1765065600", Long.toString(today.atStartOfDay().toEpochSecond(ZoneOffset.UTC)))
                .replace("1765152000", Long.toString(today.atStartOfDay().toEpochSecond(ZoneOffset.UTC) + 86400)));

        Result result = run("--bill", file.toString(), "--format", "csv");

        assertEquals(1, result.code(), result.output());
        assertEquals(shown, result.output().replace("\r\n", "\n"));
        assertTrue(doc.contains("$ echo $?\n1\n"));
    }

    @Test
    void should_exit_0_when_every_row_is_within_the_tolerance() {
        Path close = bill("close", String.join(",", cost("gpt-4o-mini-2024-07-18, input", "0.0003"),
                cost("gpt-4o-mini-2024-07-18, output", "0.0006"), cost("gpt-4o, input", "0.0025"), cost("gpt-4o, output", "0.00504")));

        Result result = run("--bill", close.toString(), "--tolerance-pct", "1");

        assertEquals(0, result.code(), result.output());
        assertTrue(result.output().contains("| " + today + " | gpt-4o |  | 1500 |  |  | 0.00754 | 0.0075 | 0.00004 | 0.53 | 1 | no |  |"),
                result.output());
    }

    @Test
    void should_write_the_same_figures_as_csv_and_markdown() {
        Path file = mismatchedBill();

        Result csv = run("--bill", file.toString(), "--format", "csv");
        Result markdown = run("--bill", file.toString());

        assertEquals(1, csv.code(), csv.output());
        assertTrue(csv.output().startsWith("day,model,bill_tokens,recorded_tokens,token_drift,token_drift_pct,bill_cost_usd,"
                + "recorded_cost_usd,cost_drift_usd,cost_drift_pct,requests,flagged,causes\r\n"), csv.output());
        assertTrue(csv.output().contains(today + ",gpt-4o,,1500,,,0.01,0.0075,0.0025,25.00,1,yes,\r\n"), csv.output());
        assertTrue(markdown.output().contains("| " + today + " | gpt-4o |  | 1500 |  |  | 0.01 | 0.0075 | 0.0025 | 25.00 | 1 | yes |  |"),
                markdown.output());
        assertTrue(markdown.output().contains("**bypassed-gateway**"), markdown.output());
    }

    @Test
    void should_compare_tokens_from_a_usage_export_and_name_cached_input_drift() {
        long start = today.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        String usage = BillFormatsTest.fixture("openai-usage-completions.json")
                .replace("1764979200", Long.toString(start)).replace("1765065600", Long.toString(start + 86400))
                .replace("\"input_tokens\": 1000,", "\"input_tokens\": 2000,").replace("\"output_tokens\": 500,", "\"output_tokens\": 1000,");
        Path file = writeBill("usage", usage);

        Result matching = run("--bill", file.toString(), "--format", "json", "--api-key-id", "key_gateway");
        Result all = run("--bill", file.toString(), "--format", "json");

        JsonNode mini = row(matching.json(), "gpt-4o-mini");
        assertEquals(3000, mini.get("bill").get("tokens").asLong());
        assertEquals(0, mini.get("token_drift").asLong());
        assertEquals(false, mini.get("flagged").asBoolean());
        JsonNode withBatch = row(all.json(), "gpt-4o-mini");
        assertEquals(24000, withBatch.get("token_drift").asLong());
        assertEquals(List.of("cached-input", "batch"),
                List.of(withBatch.get("causes").get(0).get("id").asText(), withBatch.get("causes").get(1).get("id").asText()));
        assertEquals("not-billed", row(all.json(), "gpt-4o").get("causes").get(0).get("id").asText());
    }

    @Test
    void should_exit_2_naming_the_line_and_field_of_a_malformed_bill() {
        Path broken = writeBill("broken", BillFormatsTest.fixture("openai-costs.json").replace("\"value\": 0.0003,", "\"value\": \"lots\","));

        Result result = run("--bill", broken.toString());

        assertEquals(2, result.code(), result.output());
        assertTrue(result.output().contains("line 17, field data[0].results[1].amount.value: "), result.output());
    }

    @Test
    void should_exit_2_listing_the_known_formats_for_a_bill_in_an_unknown_format() {
        Path csv = writeBill("dashboard", "date,model,cost\n2025-12-06,gpt-4o,1.00\n");

        Result result = run("--bill", csv.toString());

        assertEquals(2, result.code(), result.output());
        assertTrue(result.output().contains("line 1, field (document): not JSON"), result.output());
        assertTrue(result.output().contains("known formats: openai-costs (OpenAI Costs API JSON"), result.output());
    }

    @Test
    void should_exit_2_when_the_period_ends_before_it_starts() {
        Result result = run("--bill", mismatchedBill().toString(), "--from", today.toString(), "--to", today.minusDays(1).toString());

        assertEquals(2, result.code(), result.output());
        assertTrue(result.output().contains("--to " + today.minusDays(1) + " is before --from " + today), result.output());
    }

    @Test
    void should_warn_when_the_provider_is_not_in_the_configuration() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new CaravanCli());
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("reconcile", "--provider", "opneai-main", "--config", config.toString(), "--bill", mismatchedBill().toString());

        assertEquals(1, code);
        assertTrue(err.toString().contains("--provider opneai-main is not a provider id in the configuration (known: openai-main)"), err.toString());
    }

    static Path writeBill(String name, String text) {
        try {
            return Files.writeString(tmp.resolve(name + ".json"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
