package dev.caravan.platform.it;

import static dev.caravan.platform.it.TestGateway.KEY;
import static dev.caravan.platform.it.TestGateway.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metrics.token} set: a scrape needs {@code Authorization: Bearer <token>}; {@code tenant_tags} on. */
class MetricsAccessTest {

    private static final String TOKEN = "scrape-token-0123456789";

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithModels(mock, tmp, """
                  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                """, """
                metrics: { token: "%s", tenant_tags: true }
                """.formatted(TOKEN));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    private static void assertUnauthorized(HttpResponse<String> response, String message) {
        assertEquals(401, response.statusCode(), response.body());
        JsonNode error = TestGateway.json(response.body()).path("error");
        assertEquals("invalid_metrics_token", error.path("code").asText());
        assertEquals(message, error.path("message").asText());
        assertFalse(response.body().contains("jvm_"), "no metric may leak to an unauthorized caller");
    }

    @Test
    void should_return_401_when_no_token_is_sent() {
        assertUnauthorized(gateway.get("/metrics"),
                "You didn't provide the metrics token. Send it as 'Authorization: Bearer <metrics token>'.");
    }

    @Test
    void should_return_401_when_a_wrong_token_is_sent() {
        assertUnauthorized(gateway.get("/metrics", "authorization", bearer(TOKEN + "x")), "Incorrect metrics token provided.");
        assertUnauthorized(gateway.get("/metrics", "authorization", bearer(KEY)), "Incorrect metrics token provided.");
    }

    @Test
    void should_return_metrics_when_the_token_is_sent() {
        HttpResponse<String> response = gateway.get("/metrics", "authorization", bearer(TOKEN));

        assertEquals(200, response.statusCode(), response.body());
        assertFalse(PrometheusText.parse(response.body()).find("jvm_memory_used_bytes").isEmpty());
    }

    @Test
    void should_tag_requests_tokens_and_cost_with_the_tenant_when_tenant_tags_are_on() {
        String body = """
                {"model":"fast","messages":[{"role":"user","content":"hi"}],"mock":{"prompt_tokens":10,"completion_tokens":5}}""";
        assertEquals(200, gateway.post("/v1/chat/completions", body, "authorization", bearer(KEY)).statusCode());

        PrometheusText metrics = Poll.until(
                () -> PrometheusText.parse(gateway.get("/metrics", "authorization", bearer(TOKEN)).body()),
                m -> m.sum("caravan_requests_total", "tenant", "acme", "alias", "fast") >= 1,
                Duration.ofSeconds(10), () -> "no request tagged tenant=acme");
        assertEquals(10, metrics.sum("caravan_tokens_total", "tenant", "acme", "kind", "prompt"));
        assertFalse(metrics.find("caravan_cost_usd_total", "tenant", "acme").isEmpty());
    }
}
