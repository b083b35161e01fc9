package dev.caravan.platform.it;

import static dev.caravan.platform.it.TestGateway.KEY;
import static dev.caravan.platform.it.TestGateway.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.cli.CaravanCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A price change imported with {@code caravan pricing import --apply} is dated: through the real
 * gateway, a request before its effective day is priced with the old row, one on or after it with
 * the new row.
 */
class PricingImportGatewayTest {

    static final String DOUBLED = """
            { "gpt-4o-mini": { "input_cost_per_token": 3e-07, "output_cost_per_token": 1.2e-06, "litellm_provider": "openai", "mode": "chat" } }
            """;

    @TempDir
    static Path tmp;
    static MockUpstream mock;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(dev.caravan.mock.MockOptions.defaults());
    }

    @AfterAll
    static void stop() {
        mock.close();
    }

    static Path imported(String name, LocalDate effective) throws Exception {
        Path file = Files.writeString(tmp.resolve(name + ".json"), DOUBLED);
        Path out = tmp.resolve(name + ".yaml");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new CaravanCli());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        assertEquals(0, cli.execute("pricing", "import", file.toString(), "--apply", "--out", out.toString(), "--effective", effective.toString()), err.toString());
        return out;
    }

    static JsonNode receiptThrough(TestGateway gateway) {
        String body = """
                {"model":"fast","messages":[{"role":"user","content":"hi"}],"mock":{"prompt_tokens":1000,"completion_tokens":500}}""";
        HttpResponse<String> response = gateway.post("/v1/chat/completions", body, "authorization", bearer(KEY), "content-type", "application/json");
        assertEquals(200, response.statusCode(), response.body());
        return gateway.receiptEventually(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), KEY);
    }

    static TestGateway gatewayWith(Path imports) throws Exception {
        return TestGateway.startWithModelsAndAdmin(mock, Files.createTempDirectory(tmp, "gw"), """
                  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                """, "pricing_imports: [ \"" + imports.toString().replace("\\", "/") + "\" ]\n");
    }

    @Test
    void should_price_a_request_before_the_change_with_the_old_row_and_after_it_with_the_new() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        // the change takes effect tomorrow: today's request keeps the catalog's price
        JsonNode before;
        try (TestGateway gateway = gatewayWith(imported("tomorrow", today.plusDays(1)))) {
            before = receiptThrough(gateway);
            // 1000 × 0.15 + 500 × 0.60 per million
            assertEquals("0.00045", before.get("cost_usd").textValue());
            assertEquals("openai/gpt-4o-mini@2024-07-18", before.get("price_id").textValue());
        }

        // the change in effect from today: 1000 × 0.30 + 500 × 1.20 per million
        try (TestGateway gateway = gatewayWith(imported("today", today))) {
            JsonNode after = receiptThrough(gateway);
            assertEquals("0.0009", after.get("cost_usd").textValue());
            assertEquals("openai/gpt-4o-mini@" + today, after.get("price_id").textValue());
        }
    }
}
