package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Budget threshold alerts reach the operator's webhook once per period, after a failed first try. */
class BudgetAlertWebhookTest {

    @Test
    void should_post_each_threshold_once_and_retry_when_the_webhook_fails(@TempDir Path tmp) throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        int[] calls = {0};
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/alerts", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean fail = calls[0]++ == 0; // the first delivery fails: the dispatcher must retry
            if (!fail) {
                received.add(TestGateway.json(new String(body, StandardCharsets.UTF_8)));
            }
            exchange.sendResponseHeaders(fail ? 503 : 204, -1);
            exchange.close();
        });
        webhook.start();
        BigDecimal limit = BudgetScenario.worstCaseUsd().multiply(BigDecimal.valueOf(4));
        try (MockUpstream mock = MockUpstream.start(MockOptions.defaults());
                TestGateway gateway = TestGateway.startWithModels(mock, tmp, BudgetScenario.MODELS, BudgetScenario.sections("""
                        budget_alerts: { webhook: "http://127.0.0.1:%d/alerts", retries: 2 }
                        budgets:
                          - { name: dev-daily, scope: { key: dev }, limit_usd: "%s", period: daily, alerts: [50] }
                        """.formatted(webhook.getAddress().getPort(), limit.toPlainString())))) {
            for (int i = 0; i < 3; i++) { // 25 %, 50 % (alert), 75 % (no second alert)
                assertEquals(200, BudgetScenario.call(gateway, false).statusCode());
                BudgetScenario.settledUsage(gateway);
            }

            Poll.until(() -> received.size(), n -> n >= 1, Duration.ofSeconds(10), () -> "no alert reached the webhook");
            Poll.holdsFor(received::size, n -> n == 1, Duration.ofMillis(300), () -> "a second alert for the same threshold");
            assertEquals(1, received.size(), received.toString());
            JsonNode alert = received.get(0);
            assertEquals("budget.threshold", alert.path("type").asText());
            assertEquals("dev-daily", alert.path("budget").asText());
            assertEquals(50, alert.path("threshold_percent").asInt());
            assertTrue(alert.path("message").asText().contains("(50% threshold)"), alert.toString());
        } finally {
            webhook.stop(0);
        }
    }
}
