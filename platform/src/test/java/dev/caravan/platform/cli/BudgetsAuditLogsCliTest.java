package dev.caravan.platform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.platform.it.TestGateway;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code caravan budgets}, {@code audit list} and {@code logs export} against a real gateway with
 * the budget {@code dev-daily} from its config and a prepaid budget {@code limited-prepaid} created
 * through the admin API. Ordered: the audit tests read the changes the budget tests made.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BudgetsAuditLogsCliTest {

    @TempDir
    static Path tmp;
    static AdminCliGateway gw;
    static List<String> traces;

    @BeforeAll
    static void start() {
        gw = new AdminCliGateway(tmp);
        HttpResponse<String> created = gw.gateway.send("POST", "/admin/v1/budgets",
                "{\"name\":\"limited-prepaid\",\"scope\":{\"key\":\"nobody\"},\"prepaid\":true}",
                "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN), "content-type", "application/json");
        assertEquals(201, created.statusCode(), created.body());
        traces = List.of(gw.chat(TestGateway.KEY, "fast"), gw.chat(TestGateway.KEY, "fast"));
        gw.flush();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static JsonNode budget(String name) {
        HttpResponse<String> r = gw.gateway.get("/admin/v1/budgets/" + name, "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN));
        assertEquals(200, r.statusCode(), r.body());
        return TestGateway.json(r.body());
    }

    @Test
    @Order(1)
    void should_list_each_budget_with_its_spend_and_reset_time() {
        JsonNode current = budget("dev-daily").get("current");

        CliRun run = gw.cli("budgets", "list");

        assertEquals(0, run.exit(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).matches("name\\s+scope\\s+limit\\s+period\\s+action\\s+spent\\s+remaining\\s+resets_at"), run.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("dev-daily\\s+key=dev\\s+100\\.00 usd\\s+daily\\s+deny\\s+"
                + current.get("spent").asText().replace(".", "\\.") + "\\s+\\S+\\s+" + current.get("resets_at").asText())), run.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("limited-prepaid\\s+key=nobody\\s+prepaid 0 usd\\s+-\\s+\\S+\\s+0\\s+0\\s+-")),
                run.out());
    }

    @Test
    @Order(2)
    void should_change_the_limit_and_period_when_a_budget_is_set() {
        CliRun run = gw.cli("budgets", "set", "dev-daily", "--limit", "42.50", "--period", "weekly");

        assertEquals(0, run.exit(), run.toString());
        assertEquals("Budget dev-daily: 42.50 usd weekly, action deny", run.out().strip());
        JsonNode stored = budget("dev-daily");
        assertEquals("42.50", stored.get("limit_usd").asText());
        assertEquals("weekly", stored.get("period").asText());
    }

    @Test
    @Order(3)
    void should_credit_a_prepaid_balance_when_topped_up() {
        CliRun run = gw.cli("budgets", "topup", "limited-prepaid", "--amount", "25.00");

        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().startsWith("Budget limited-prepaid: credited 25.00 usd; available 25"), run.out());
        assertEquals(0, new java.math.BigDecimal("25").compareTo(new java.math.BigDecimal(
                budget("limited-prepaid").get("balance").get("available_usd").asText())));
    }

    @Test
    @Order(4)
    void should_exit_1_with_the_api_message_when_the_budget_does_not_exist() {
        CliRun run = gw.cli("budgets", "topup", "ghost", "--amount", "1");

        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().startsWith("caravan: the gateway answered 404 budget_not_found: "), run.err());
        assertTrue(run.err().contains("ghost"), run.err());
    }

    @Test
    @Order(5)
    void should_exit_2_when_the_amount_is_not_a_number() {
        CliRun run = gw.cli("budgets", "topup", "limited-prepaid", "--amount", "lots");

        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("--amount"), run.err());
    }

    @Test
    @Order(6)
    void should_exit_1_with_the_api_message_when_a_prepaid_budget_is_topped_up_with_a_negative_amount() {
        CliRun run = gw.cli("budgets", "topup", "limited-prepaid", "--amount", "-5");

        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().startsWith("caravan: the gateway answered 400 "), run.err());
    }

    @Test
    @Order(10)
    void should_list_the_changes_newest_first_filtered_by_actor() {
        CliRun run = gw.cli("audit", "list", "--actor", "admin-token");

        assertEquals(0, run.exit(), run.toString());
        List<String> rows = run.out().lines().skip(1).toList();
        assertTrue(rows.get(0).matches("\\d+\\s+\\S+\\s+admin-token\\s+budget\\.topup\\s+budget:limited-prepaid"), run.out());
        assertTrue(rows.get(1).matches("\\d+\\s+\\S+\\s+admin-token\\s+budget\\.update\\s+budget:dev-daily"), run.out());
        assertTrue(rows.get(2).matches("\\d+\\s+\\S+\\s+admin-token\\s+budget\\.create\\s+budget:limited-prepaid"), run.out());
        assertTrue(rows.stream().allMatch(l -> l.contains(" admin-token ")), run.out());
    }

    @Test
    @Order(11)
    void should_print_nothing_but_a_note_when_no_entry_is_by_that_actor() {
        CliRun run = gw.cli("audit", "list", "--actor", "cli:nobody");

        assertEquals(0, run.exit(), run.toString());
        assertEquals("No audit entries.", run.out().strip());
    }

    @Test
    @Order(12)
    void should_print_before_and_after_as_json_lines_when_asked() {
        CliRun run = gw.cli("audit", "list", "--action", "budget.update", "--json");

        assertEquals(0, run.exit(), run.toString());
        JsonNode entry = TestGateway.json(run.out().lines().findFirst().orElseThrow());
        assertEquals("100.00", entry.get("before").get("limit_usd").asText());
        assertEquals("42.50", entry.get("after").get("limit_usd").asText());
    }

    @Test
    @Order(13)
    void should_leave_out_entries_after_to_when_to_is_in_the_past() {
        CliRun run = gw.cli("audit", "list", "--to", "2020-01-01");

        assertEquals(0, run.exit(), run.toString());
        assertEquals("No audit entries.", run.out().strip());
    }

    @Test
    @Order(20)
    void should_write_one_receipt_line_per_request_to_the_file_when_exporting_receipts() throws IOException {
        Path file = tmp.resolve("receipts.jsonl");

        CliRun run = gw.cli("logs", "export", "--include", "receipts", "--from", "2020-01-01", "--out", file.toString());

        assertEquals(0, run.exit(), run.toString());
        List<String> lines = Files.readAllLines(file);
        assertEquals(traces, lines.stream().map(l -> TestGateway.json(l).get("trace_id").asText()).toList());
        assertFalse(Files.exists(tmp.resolve("receipts.jsonl.partial")));
        assertTrue(run.err().startsWith("Wrote " + Files.size(file) + " bytes to " + file), run.err());
    }

    @Test
    @Order(21)
    void should_print_csv_with_a_header_to_stdout_when_exporting_as_csv() {
        CliRun run = gw.cli("logs", "export", "--include", "receipts", "--format", "csv");

        assertEquals(0, run.exit(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("trace_id,"), lines.get(0));
        assertEquals(3, lines.size(), run.out());
        assertTrue(lines.get(1).startsWith(traces.get(0) + ","), run.out());
    }

    @Test
    @Order(22)
    void should_exit_2_when_the_format_is_unknown() {
        CliRun run = gw.cli("logs", "export", "--format", "xml");

        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("--format"), run.err());
    }
}
