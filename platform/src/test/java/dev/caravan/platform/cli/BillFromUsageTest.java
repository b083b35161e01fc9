package dev.caravan.platform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.platform.it.TestGateway;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code caravan bill --from-usage 30d}: three recorded requests on alias {@code fast}
 * (mock/gpt-4o-mini, priced by the gateway's own row: 150 and 600 USD per million tokens) make a
 * 30-day month whose cost is exactly the sum of their receipts, read once through the admin API and
 * once from the stored database.
 */
class BillFromUsageTest {

    @TempDir
    Path tmp;

    @Test
    void should_bill_the_recorded_month_at_the_receipts_cost_when_built_from_usage() throws IOException {
        long prompt = 0;
        long completion = 0;
        BigDecimal receipts = BigDecimal.ZERO;
        Path config = tmp.resolve("caravan.yaml");
        CliRun api;
        try (AdminCliGateway gw = new AdminCliGateway(tmp.resolve("gw"))) {
            for (String key : List.of(TestGateway.KEY, TestGateway.KEY, TestGateway.LIMITED_KEY)) {
                JsonNode r = gw.gateway.receipt(gw.chat(key, "fast"), key);
                prompt += r.path("prompt_tokens").asLong();
                completion += r.path("completion_tokens").asLong();
                receipts = receipts.add(new BigDecimal(r.path("cost_usd").asText()));
            }
            gw.flush();
            Files.writeString(config, """
                    storage: { url: "jdbc:h2:file:%s/gw/db/caravan" }
                    providers:
                      - { id: mock, plugin: openai, base_url: "http://127.0.0.1:9/v1" }
                    models:
                      - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                    pricing:
                      - { provider: mock, model: gpt-4o-mini, input_per_mtok: "150", output_per_mtok: "600" }
                    """.formatted(tmp));
            api = CliRun.of("bill", "--from-usage", "30d", "--url", gw.url(), "--token", TestGateway.ADMIN_TOKEN,
                    "--config", config.toString(), "--csv");
        }
        // 150 × prompt + 600 × completion, per million: the receipts' own arithmetic, summed.
        BigDecimal byHand = BigDecimal.valueOf(prompt).multiply(BigDecimal.valueOf(150))
                .add(BigDecimal.valueOf(completion).multiply(BigDecimal.valueOf(600))).movePointLeft(6);
        assertEquals(0, byHand.compareTo(receipts), byHand + " vs " + receipts);
        String row = "model,mock,gpt-4o-mini,mock/gpt-4o-mini@1970-01-01,3,0,0,0," + prompt + "," + completion + ","
                + receipts.stripTrailingZeros().toPlainString();
        assertEquals(0, api.exit(), api.toString());
        assertTrue(api.out().contains(row + "\r\n"), api.out() + " expected " + row);

        CliRun store = CliRun.of("bill", "--from-usage", "30d", "--config", config.toString(), "--csv");

        assertEquals(0, store.exit(), store.toString());
        assertEquals(api.out(), store.out());
    }

    @Test
    void should_name_the_source_and_what_usage_cannot_tell_when_printed_as_markdown() throws IOException {
        try (AdminCliGateway gw = new AdminCliGateway(tmp.resolve("gw2"))) {
            gw.chat(TestGateway.KEY, "fast");
            gw.flush();
            CliRun run = CliRun.of("bill", "--from-usage", "7d", "--url", gw.url(), "--token", TestGateway.ADMIN_TOKEN, "--approver", "Dana Fox");

            assertEquals(0, run.exit(), run.toString());
            assertTrue(run.out().contains("- Approver: Dana Fox"), run.out());
            assertTrue(run.out().contains("(7 days) from GET " + gw.url() + "/admin/v1/usage"), run.out());
            assertTrue(run.out().contains("retry and fallback rates and images are not in usage reports (0 here)"), run.out());
            // Without --config the model is looked up alone: its maker's row, openai/gpt-4o-mini. 1 request in 7 days -> 30/7 = 4.29 a month.
            assertTrue(run.out().contains("| model | gpt-4o-mini | openai/gpt-4o-mini@2024-07-18 | 4.29 |"), run.out());
        }
    }
}
