package dev.caravan.platform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.it.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The gateway the admin-API commands are tested against: the standard test set-up with the admin
 * API on, a price row for the mock's model, the budget plugin, alias {@code fast} (mock) and alias
 * {@code backup} (fallback from the closed port {@code down} to the mock).
 */
final class AdminCliGateway implements AutoCloseable {

    static final String MODELS = """
              - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
              - { alias: backup, strategy: fallback, targets: [ { provider: down, model: gpt-4o-mini }, { provider: mock, model: gpt-4o-mini } ] }
            """;
    static final String SECTIONS = """
            breaker: { window: 10000, minimum_calls: 10000 }
            admit: { plugins: [ budget-standard ], policy_timeout_ms: 10000 }
            pricing:
              - { provider: mock, model: gpt-4o-mini, input_per_mtok: "150", output_per_mtok: "600" }
            budgets:
              - { name: dev-daily, scope: { key: dev }, limit_usd: "100.00", period: daily, action: deny }
            """;

    final MockUpstream mock;
    final TestGateway gateway;

    AdminCliGateway(Path tmp) {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithModelsAndAdmin(mock, tmp, MODELS, SECTIONS);
    }

    String url() {
        return gateway.baseUrl().toString();
    }

    /** One chat completion; returns its trace id. */
    String chat(String key, String alias) {
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"" + alias + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "authorization", TestGateway.bearer(key), "content-type", "application/json");
        assertEquals(200, response.statusCode(), response.body());
        return response.headers().firstValue("x-caravan-trace-id").orElseThrow();
    }

    void flush() {
        assertTrue(gateway.gateway().flushReceipts(Duration.ofSeconds(10)), "receipts not flushed");
    }

    CliRun cli(String... args) {
        return CliRun.against(url(), TestGateway.ADMIN_TOKEN, args);
    }

    @Override
    public void close() {
        gateway.close();
        mock.close();
    }
}
