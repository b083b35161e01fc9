package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.budget.BudgetLedger;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.config.ConfigException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budget policy scripts ({@code policies/budgets/*.groovy}) through the real gateway: spend is
 * recorded by real requests through the mock upstream (priced at 0.001 USD per token, the
 * {@code budget-standard} plugin reserving and settling), and the scripts read it back: the shipped
 * hourly cap refuses with 429 once the tenant's receipts pass it; a script's note reports the
 * window's spent and reserved amounts, the prepaid balance after an admin top-up and the budgets
 * defined; an endless loop and a bad read are refused with 503 without their reason; a sandbox
 * escape stops start-up.
 */
class BudgetScriptsGatewayTest {

    static final String CAPPED_KEY = "sk-test-caravan-capped-0001";
    static final String NOTES_KEY = "sk-test-caravan-notes-0001";

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        Path budgets = Files.createDirectories(tmp.resolve("policies/budgets"));
        // The shipped example, enabled as its header says, with a cap two requests of this test pass.
        String cap = Files.readString(Path.of(System.getProperty("caravan.test.policies", "../policies"), "examples", "budgets",
                "hourly-spend-cap.groovy"));
        assertTrue(cap.contains("def HOURLY_LIMIT_USD = 5.00"), cap);
        Files.writeString(budgets.resolve("hourly-spend-cap.groovy"), cap.replace("def HOURLY_LIMIT_USD = 5.00", "def HOURLY_LIMIT_USD = 0.30"));
        Files.writeString(budgets.resolve("notes.groovy"), """
                beforeRequest { req ->
                    if (req.tenant != 'beta') return allow()
                    if (req.metadata.mode == 'spin') { while (true) { } }
                    if (req.metadata.mode == 'unknown') return allow("${spend.window('no-such-budget').spent}")
                    if (req.metadata.mode == 'steal') { spend.services.ledger().topUp('steal-target', 1000.0G); return allow('stolen') }
                    def w = spend.window('beta-daily')
                    def b = spend.balance('ghost-prepaid')
                    allow("window ${w.window} spent ${w.spent} reserved ${w.reserved} limit ${w.limit} remaining ${w.remaining} unit ${w.unit};"
                            + " prepaid ${b.available} of ${b.credited}; budgets ${spend.budgets()*.name.join(',')}")
                }
                """);
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithModelsAndAdmin(mock, tmp, BudgetScenario.MODELS, """
                  - { name: capped, key: "%s", tenant: capped }
                  - { name: notes, key: "%s", tenant: beta }
                policies: { dir: "%s", timeout_ms: 1000 }
                budgets:
                  - { name: beta-daily, scope: { tenant: beta }, limit_usd: "10", period: daily, action: deny }
                  - { name: ghost-prepaid, scope: { tenant: ghost }, prepaid: true }
                  - { name: steal-target, scope: { tenant: ghost }, prepaid: true }
                """.formatted(CAPPED_KEY, NOTES_KEY, tmp.resolve("policies")) + BudgetScenario.sections(""));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    /** A chat of 100 completion tokens: about 0.1 USD plus the prompt. */
    static HttpResponse<String> chat(String key, String mode) {
        String body = """
                {"model":"fast","max_tokens":100,"messages":[{"role":"user","content":"How much did I spend?"}],
                 "mock":{"completion_tokens":100}}""";
        return mode == null
                ? gateway.post("/v1/chat/completions", body, "authorization", TestGateway.bearer(key))
                : gateway.post("/v1/chat/completions", body, "authorization", TestGateway.bearer(key),
                        "x-caravan-metadata", "{\"mode\":\"" + mode + "\"}");
    }

    static JsonNode receipt(HttpResponse<String> response, String key) {
        return gateway.receiptEventually(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), key);
    }

    static String note(HttpResponse<String> response) {
        JsonNode receipt = receipt(response, NOTES_KEY);
        return StreamSupport.stream(receipt.get("decisions").spliterator(), false)
                .filter(d -> d.get("id").asText().equals("budgets/notes")).map(d -> d.get("detail").asText()).findFirst()
                .orElseThrow(() -> new AssertionError("no note in " + receipt));
    }

    static BudgetLedger.Usage betaDaily() {
        try {
            return gateway.gateway().budgetLedger().usage("beta-daily", "daily:" + LocalDate.now(ZoneOffset.UTC)).toCompletableFuture().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void should_refuse_with_429_once_the_tenant_spent_more_than_the_hourly_cap() {
        HttpResponse<String> first = chat(CAPPED_KEY, null);
        assertEquals(200, first.statusCode(), first.body());
        BigDecimal cost = new BigDecimal(receipt(first, CAPPED_KEY).get("cost_usd").asText());
        assertTrue(cost.compareTo(new BigDecimal("0.10")) > 0 && cost.compareTo(new BigDecimal("0.30")) < 0, "cost " + cost);
        // Receipts are stored in batches and the sum is reused for a second: the cap applies within about that.
        HttpResponse<String> refused = Poll.until(() -> chat(CAPPED_KEY, null), r -> r.statusCode() == 429, Duration.ofSeconds(15),
                () -> "never refused past the hourly cap");
        JsonNode error = TestGateway.json(refused.body()).get("error");
        assertEquals("hourly_spend_exceeded", error.get("code").asText(), refused.body());
        assertTrue(error.get("message").asText().matches("Tenant capped spent \\$[0-9.]+ in the last hour \\(limit \\$0\\.30\\);"
                + " try again later \\(policy 'budgets/hourly-spend-cap'\\)"), refused.body());
        assertEquals(200, chat(TestGateway.KEY, null).statusCode(), "another tenant is not capped");
    }

    @Test
    void should_report_the_window_the_reservation_and_the_prepaid_balance_when_a_script_reads_them() {
        HttpResponse<String> topUp = gateway.post("/admin/v1/budgets/ghost-prepaid/topup", "{\"amount_usd\":\"25.00\"}",
                "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN), "content-type", "application/json");
        assertEquals(200, topUp.statusCode(), topUp.body());
        HttpResponse<String> first = chat(NOTES_KEY, null);
        assertEquals(200, first.statusCode(), first.body());
        Poll.until(BudgetScriptsGatewayTest::betaDaily, u -> u.reserved().signum() == 0, Duration.ofSeconds(10), () -> "not settled");
        BigDecimal spent = betaDaily().spent();
        assertTrue(spent.signum() > 0, "the first request was not counted");

        String note = note(chat(NOTES_KEY, null));

        Matcher m = Pattern.compile("window daily:\\S+ spent (\\S+) reserved (\\S+) limit 10 remaining (\\S+) unit usd;"
                + " prepaid 25(\\.0+)? of 25(\\.0+)?; budgets beta-daily,ghost-prepaid,steal-target").matcher(note);
        assertTrue(m.matches(), note);
        assertEquals(0, new BigDecimal(m.group(1)).compareTo(spent), note);
        // The budget plugin ran first and reserved this request's worst case, which the script sees.
        BigDecimal reserved = new BigDecimal(m.group(2));
        assertTrue(reserved.signum() > 0, note);
        assertEquals(0, new BigDecimal(m.group(3)).compareTo(BigDecimal.TEN.subtract(spent).subtract(reserved)), note);
    }

    @Test
    void should_refuse_with_503_naming_only_the_policy_when_the_script_runs_past_its_time_limit() {
        HttpResponse<String> response = chat(NOTES_KEY, "spin");
        assertEquals(503, response.statusCode(), response.body());
        JsonNode error = TestGateway.json(response.body()).get("error");
        assertEquals("policy_error", error.get("code").asText());
        assertEquals("Policy 'budgets/notes' could not decide (timed out after 1000 ms); the request was refused.",
                error.get("message").asText());
    }

    @Test
    void should_hide_the_reason_from_the_caller_when_a_read_fails() {
        HttpResponse<String> response = chat(NOTES_KEY, "unknown");
        assertEquals(503, response.statusCode(), response.body());
        assertEquals("Policy 'budgets/notes' could not decide (script error); the request was refused.",
                TestGateway.json(response.body()).get("error").get("message").asText());
        assertFalse(response.body().contains("no-such-budget") || response.body().contains("beta-daily"), response.body());
    }

    @Test
    void should_show_the_shipped_example_in_the_docs_as_this_test_runs_it() throws IOException {
        String example = Files.readString(Path.of(System.getProperty("caravan.test.policies", "../policies"), "examples", "budgets",
                "hourly-spend-cap.groovy"));
        String code = example.substring(example.indexOf("import java.time.Duration")).strip();
        assertTrue(Files.readString(Path.of("../docs/budgets.md")).contains(code), "docs/budgets.md does not show:\n" + code);
    }

    @Test
    void should_refuse_a_script_that_reaches_for_the_ledger_behind_spend() throws Exception {
        // Groovy reads private fields by name: spend must hold nothing that leads to the ledger.
        HttpResponse<String> response = chat(NOTES_KEY, "steal");
        assertEquals(503, response.statusCode(), response.body());
        BudgetLedger.Balance balance = gateway.gateway().budgetLedger().balance("steal-target").toCompletableFuture().get();
        assertEquals(0, balance.credited().signum(), "the script topped up a balance: " + balance);
    }

    @Test
    void should_list_budget_scripts_with_their_kind() {
        JsonNode list = TestGateway.json(gateway.get("/admin/v1/policies", "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN)).body());
        JsonNode cap = StreamSupport.stream(list.get("data").spliterator(), false)
                .filter(s -> s.get("id").asText().equals("budgets/hourly-spend-cap")).findFirst().orElseThrow(() -> new AssertionError(list.toString()));
        assertEquals("budget", cap.get("kind").asText());
        assertEquals("active", cap.get("status").asText());
    }

    @Test
    void should_stop_start_up_naming_the_file_when_a_budget_script_tries_to_escape_the_sandbox(@TempDir Path other) throws IOException {
        Path budgets = Files.createDirectories(other.resolve("policies/budgets"));
        Files.writeString(budgets.resolve("escape.groovy"), "beforeRequest { req -> spend.getClass().getClassLoader(); allow() }");
        ConfigException e = assertThrows(ConfigException.class, () -> TestGateway.startWithModelsAndAdmin(mock, other, BudgetScenario.MODELS,
                "policies: { dir: \"%s\" }".formatted(other.resolve("policies"))));
        assertTrue(e.getMessage().contains("policies.dir: " + budgets.resolve("escape.groovy") + " does not load: "), e.getMessage());
        assertTrue(e.getMessage().contains("getClass"), e.getMessage());
    }
}
