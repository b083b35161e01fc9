package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metrics.enabled: false}: {@code /metrics} answers 404 {@code metrics_disabled}, whatever is sent. */
class MetricsDisabledTest {

    @TempDir
    Path tmp;

    @Test
    void should_return_404_metrics_disabled_when_metrics_are_off() {
        try (MockUpstream mock = MockUpstream.start(MockOptions.defaults());
                TestGateway gateway = TestGateway.startWithModels(mock, tmp, """
                          - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                        """, "metrics: { enabled: false }")) {
            HttpResponse<String> response = gateway.get("/metrics");

            assertEquals(404, response.statusCode(), response.body());
            assertEquals("metrics_disabled", TestGateway.json(response.body()).path("error").path("code").asText());
        }
    }
}
