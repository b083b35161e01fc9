package dev.caravan.platform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.platform.it.TestGateway;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code caravan receipts show} and {@code caravan usage report} against a real gateway: two
 * requests on {@code fast} and one on {@code backup} (its first target refuses connections, so the
 * receipt shows a fallback) by key {@code dev}, one on {@code fast} by key {@code limited}.
 */
class ReceiptsAndUsageCliTest {

    @TempDir
    static Path tmp;
    static AdminCliGateway gw;
    static String fallbackTrace;
    static JsonNode fallbackReceipt;
    static BigDecimal devCost = BigDecimal.ZERO;
    static BigDecimal limitedCost;
    static String devKeyId;

    @BeforeAll
    static void start() {
        gw = new AdminCliGateway(tmp);
        List<String> devTraces = List.of(gw.chat(TestGateway.KEY, "fast"), gw.chat(TestGateway.KEY, "fast"),
                gw.chat(TestGateway.KEY, "backup"));
        fallbackTrace = devTraces.get(2);
        String limitedTrace = gw.chat(TestGateway.LIMITED_KEY, "fast");
        gw.flush();
        for (String trace : devTraces) {
            devCost = devCost.add(new BigDecimal(gw.gateway.receipt(trace, TestGateway.KEY).get("cost_usd").asText()));
        }
        limitedCost = new BigDecimal(gw.gateway.receipt(limitedTrace, TestGateway.LIMITED_KEY).get("cost_usd").asText());
        fallbackReceipt = gw.gateway.receipt(fallbackTrace, TestGateway.KEY);
        devKeyId = fallbackReceipt.get("key_id").asText();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void should_show_caller_alias_attempts_cost_and_timings_when_a_receipt_is_shown() {
        CliRun run = gw.cli("receipts", "show", fallbackTrace);

        assertEquals(0, run.exit(), run.toString());
        String out = run.out();
        assertTrue(out.contains("Receipt   " + fallbackTrace + "  /v1/chat/completions  status 200"), out);
        assertTrue(out.contains("Caller    tenant acme, key " + devKeyId), out);
        assertTrue(out.contains("Model     asked backup -> alias backup (fallback)"), out);
        assertTrue(out.contains("Served by mock/gpt-4o-mini"), out);
        assertTrue(out.contains("  1. down/gpt-4o-mini try 1, no response, "), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("  1. down/") && l.contains(" -> fallback")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("  2. mock/gpt-4o-mini try 1, status 200, ") && l.contains(" -> served")), out);
        assertTrue(out.contains("Tokens    prompt " + fallbackReceipt.get("prompt_tokens").asLong() + ", completion "
                + fallbackReceipt.get("completion_tokens").asLong()), out);
        assertTrue(out.contains("Cost      USD " + fallbackReceipt.get("cost_usd").asText() + " (price row "
                + fallbackReceipt.get("price_id").asText() + ")"), out);
        assertTrue(out.contains("Timings   total "), out);
        assertTrue(out.contains(", upstream first byte "), out);
    }

    @Test
    void should_list_each_budget_decision_when_a_receipt_is_shown() {
        CliRun run = gw.cli("receipts", "show", fallbackTrace);

        assertTrue(fallbackReceipt.get("decisions").size() > 0, fallbackReceipt.toString());
        for (JsonNode d : fallbackReceipt.get("decisions")) {
            assertTrue(run.out().contains("  " + d.get("stage").asText() + " " + d.get("id").asText() + ": "
                    + d.get("outcome").asText()), run.toString());
        }
    }

    @Test
    void should_print_the_stored_json_when_asked_for_json() throws Exception {
        CliRun run = gw.cli("receipts", "show", fallbackTrace, "--json");

        assertEquals(0, run.exit(), run.toString());
        assertEquals(fallbackReceipt, TestGateway.JSON.readTree(run.out()));
    }

    @Test
    void should_exit_1_naming_the_trace_id_when_no_receipt_has_it() {
        CliRun run = gw.cli("receipts", "show", "0000000000000000000000000000dead");

        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("caravan: no receipt with trace id '0000000000000000000000000000dead'"), run.err());
    }

    @Test
    void should_exit_1_with_the_api_message_when_the_token_is_wrong() {
        CliRun run = CliRun.against(gw.url(), TestGateway.ADMIN_TOKEN + "x", "receipts", "show", fallbackTrace);

        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("caravan: the gateway answered 401 invalid_admin_token: Incorrect admin token provided."), run.err());
        assertTrue(!run.err().contains(TestGateway.ADMIN_TOKEN), "the token must not be printed: " + run.err());
    }

    @Test
    void should_exit_1_naming_the_url_when_nothing_listens() {
        String url = "http://127.0.0.1:" + TestGateway.freePort();
        CliRun run = CliRun.against(url, TestGateway.ADMIN_TOKEN, "usage", "report");

        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().startsWith("caravan: cannot reach the gateway at " + url), run.err());
    }

    @Test
    void should_exit_2_when_no_token_is_given() {
        CliRun run = CliRun.of("receipts", "show", fallbackTrace, "--url", gw.url(), "--token", "");

        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("no admin token: pass --token or set CARAVAN_ADMIN_TOKEN"), run.err());
    }

    @Test
    void should_print_one_csv_row_per_key_with_exact_costs_when_reporting_by_key() {
        CliRun run = gw.cli("usage", "report", "--by", "key", "--csv");

        assertEquals(0, run.exit(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertEquals("period,key,requests,prompt_tokens,completion_tokens,cached_tokens,reasoning_tokens,cost_usd,unpriced_requests",
                lines.get(0));
        assertEquals(3, lines.size(), run.out());
        String devRow = lines.stream().filter(l -> l.contains("," + devKeyId + ",")).findFirst().orElseThrow();
        String[] cells = devRow.split(",");
        assertEquals("3", cells[2], devRow);
        assertEquals(0, devCost.compareTo(new BigDecimal(cells[7])), devRow + " vs " + devCost);
    }

    @Test
    void should_print_a_table_and_the_exact_total_when_reporting_by_tenant() {
        CliRun run = gw.cli("usage", "report", "--by", "tenant", "--from", "2020-01-01");

        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("\\d{4}-\\d{2}-\\d{2}\\s+acme\\s+4\\s+.*")), run.out());
        assertTrue(run.out().contains("Total: 4 requests, ") && run.out().contains("USD " + devCost.add(limitedCost).toPlainString()),
                run.out() + " expected USD " + devCost.add(limitedCost).toPlainString());
    }

    @Test
    void should_exit_2_naming_the_option_when_a_date_is_malformed() {
        CliRun run = gw.cli("usage", "report", "--from", "last tuesday");

        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("--from"), run.err());
    }

    @Test
    void should_exit_1_with_the_api_message_when_the_range_is_empty() {
        CliRun run = gw.cli("usage", "report", "--from", "2026-01-02T00:00:00Z", "--to", "2026-01-01T00:00:00Z");

        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("caravan: the gateway answered 400 "), run.err());
        assertTrue(run.err().contains("'until' must be later than 'since'."), run.err());
    }
}
