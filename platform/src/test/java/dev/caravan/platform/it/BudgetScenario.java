package dev.caravan.platform.it;

import static dev.caravan.platform.it.TestGateway.KEY;
import static dev.caravan.platform.it.TestGateway.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.budget.BudgetLedger;
import dev.caravan.platform.policy.TokenEstimator;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The budget scenario, shared by the H2 and PostgreSQL tests: a budget that fits exactly
 * ten worst-case requests, and 64 of them at once. Prices are round so the arithmetic is checkable
 * by hand: 1000 USD per million tokens in and out = 0.001 USD per token.
 */
final class BudgetScenario {

    static final String MODELS = """
              - { alias: fast, targets: [ { provider: mock, model: budget-model } ] }
              - { alias: cheap, targets: [ { provider: mock, model: budget-model } ] }
            """;
    static final int COMPLETION_CAP = 100;
    static final String BODY = """
            {"model":"fast","max_tokens":100,"messages":[{"role":"user","content":"How many budgets fit?"}],
             "mock":{"prompt_tokens":%d,"completion_tokens":100}}""";

    private BudgetScenario() {}

    /** Prompt tokens the gateway estimates for {@link #BODY} (the mock then reports exactly that many). */
    static long promptTokens() {
        // The body as call() sends it: the estimate counts every field of the request.
        ObjectNode body = (ObjectNode) TestGateway.json(withStream(BODY.formatted(0), false));
        return new TokenEstimator().promptTokens(body);
    }

    /** Worst case of one request: (prompt + 100) tokens × 0.001 USD. */
    static BigDecimal worstCaseUsd() {
        return new BigDecimal("0.001").multiply(BigDecimal.valueOf(promptTokens() + COMPLETION_CAP));
    }

    /** Config sections: the price, the budget of exactly ten worst cases, the plugin enabled. */
    static String sections() {
        BigDecimal limit = worstCaseUsd().multiply(BigDecimal.TEN);
        return sections("""
                budgets:
                  - { name: dev-daily, scope: { key: dev }, limit_usd: "%s", period: daily, action: deny, alerts: [50, 100] }
                """.formatted(limit.toPlainString()));
    }

    /** The price and the plugin enabled, plus {@code budgets} (YAML sections, may be empty). */
    static String sections(String budgets) {
        return """
                breaker: { window: 10000, minimum_calls: 10000 }
                admit: { plugins: [ budget-standard ], policy_timeout_ms: 10000 }
                pricing:
                  - { provider: mock, model: budget-model, input_per_mtok: "1000", output_per_mtok: "1000" }
                """ + budgets;
    }

    /** One request as {@link #BODY}, by the key {@code dev}. */
    static HttpResponse<String> call(TestGateway gateway, boolean stream) {
        String body = withStream(BODY.formatted(promptTokens()), stream);
        return gateway.post("/v1/chat/completions", body, "authorization", bearer(KEY), "content-type", "application/json");
    }

    private static String withStream(String body, boolean stream) {
        return body.replace("\"model\":\"fast\"", "\"model\":\"fast\",\"stream\":" + stream);
    }

    /** Fires 64 requests at once; returns their statuses. */
    static List<Integer> fire64(TestGateway gateway) throws Exception {
        return fire64(List.of(gateway));
    }

    /** Fires 64 requests at once, spread over {@code nodes} in turn; returns their statuses. */
    static List<Integer> fire64(List<TestGateway> nodes) throws Exception {
        String body = BODY.formatted(promptTokens());
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            CompletableFuture<Void> go = new CompletableFuture<>();
            for (int i = 0; i < 64; i++) {
                TestGateway gateway = nodes.get(i % nodes.size());
                calls.add(pool.submit(() -> {
                    go.join();
                    return gateway.post("/v1/chat/completions", body, "authorization", bearer(KEY),
                            "content-type", "application/json");
                }));
            }
            go.complete(null);
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> call : calls) {
                HttpResponse<String> response = call.get();
                statuses.add(response.statusCode());
                if (response.statusCode() == 429) {
                    assertTrue(response.body().contains("\"code\":\"budget_exceeded\""), response.body());
                    assertTrue(response.body().contains("Budget 'dev-daily' is exhausted"), response.body());
                    assertTrue(response.headers().firstValue("retry-after").isPresent());
                }
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until nothing is reserved any more (settlements are asynchronous), then returns the spend. */
    static BudgetLedger.Usage settledUsage(TestGateway gateway) throws Exception {
        String window = "daily:" + java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        return Poll.until(() -> gateway.gateway().budgetLedger().usage("dev-daily", window).toCompletableFuture().join(),
                usage -> usage.reserved().signum() == 0, Duration.ofSeconds(10),
                () -> "reservations left after every request finished");
    }
}
