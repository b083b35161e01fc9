package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.budget.BudgetLedger;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams settle their budget reservation when they end: completed, or cut off by the client. */
class BudgetStreamingTest {

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithModels(mock, tmp, BudgetScenario.MODELS, BudgetScenario.sections("""
                budgets:
                  - { name: dev-tokens, scope: { key: dev }, limit_tokens: 100000000, period: daily, action: deny }
                """));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    private static BudgetLedger.Usage usage() throws Exception {
        return gateway.gateway().budgetLedger().usage("dev-tokens", "daily:" + LocalDate.now(ZoneOffset.UTC)).toCompletableFuture().get();
    }

    /** Waits until no reservation is open, then returns the spend. */
    private static BigDecimal settledSpend() throws Exception {
        Poll.until(BudgetStreamingTest::usageUnchecked, u -> u.reserved().signum() == 0, Duration.ofSeconds(10),
                () -> "a reservation stayed open");
        return usage().spent();
    }

    private static BudgetLedger.Usage usageUnchecked() {
        try {
            return usage();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void should_settle_to_the_reported_usage_when_a_stream_completes() throws Exception {
        BigDecimal before = settledSpend();

        HttpResponse<String> response = BudgetScenario.call(gateway, true);

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("data: [DONE]"), response.body());
        // The mock reports the estimated prompt tokens and 100 completion tokens.
        assertEquals(BigDecimal.valueOf(BudgetScenario.promptTokens() + 100), settledSpend().subtract(before));
        JsonNode receipt = gateway.receiptEventually(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), TestGateway.KEY);
        assertTrue(receipt.path("decisions").toString().contains("\"outcome\":\"settled\""), receipt.toString());
    }

    @Test
    void should_settle_what_the_receipt_bills_when_the_client_disconnects_mid_stream() throws Exception {
        BigDecimal before = settledSpend();
        String body = """
                {"model":"fast","stream":true,"max_tokens":500,"messages":[{"role":"user","content":"Tell a long story."}],
                 "mock":{"chunks":200,"chunk_interval_ms":50,"completion_tokens":400}}""";
        long reservedTokens = new dev.caravan.platform.policy.TokenEstimator()
                .promptTokens((com.fasterxml.jackson.databind.node.ObjectNode) TestGateway.json(body)) + 500;
        String traceId = StreamDisconnect.after(gateway, body, 3);

        // Usage was never reported (the cut-off stream had no final usage chunk): the gateway counts the
        // prompt and the streamed part, the receipt says "estimated", and the budget is settled with
        // the same numbers, not with the whole reservation.
        JsonNode receipt = Poll.until(() -> gateway.receiptEventually(traceId, TestGateway.KEY), r -> r.get("status").asInt() == 499,
                java.time.Duration.ofSeconds(10), () -> "no 499 receipt");
        long billed = receipt.get("prompt_tokens").asLong() + receipt.get("completion_tokens").asLong();
        assertTrue(billed > 0 && billed < reservedTokens, receipt.toString());
        BigDecimal settled = settledSpend().subtract(before); // waits until no reservation is open
        assertEquals(BigDecimal.valueOf(billed), settled);
        assertTrue(receipt.path("decisions").toString().contains("\"outcome\":\"estimated\""), receipt.toString());
    }
}
