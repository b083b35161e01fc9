package dev.caravan.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockScript;
import dev.caravan.mock.MockUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real gateway and mock upstream per test class, configured with an alias for every trigger ×
 * strategy of the fault matrix. Breakers never open here (the matrix calls failing targets again
 * and again); their lifecycle is tested in {@link BreakerLifecycleTest}.
 */
abstract class FaultMatrixGateway {

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    /** The whole-request deadline of the {@code deadline-*} aliases, whose first target never answers. */
    static final int DEADLINE_MS = 150;

    @BeforeAll
    static void startGateway() {
        mock = MockUpstream.start(MockOptions.defaults());
        String models = "  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }\n"
                + "  - { alias: deadline-fallback, strategy: fallback, deadline_ms: " + DEADLINE_MS
                + ", targets: [ { provider: mock, model: dl-hang }, { provider: mock, model: dl-ok } ] }\n"
                + "  - { alias: abort-fallback, strategy: fallback, targets: [ { provider: mock, model: ab-a }, { provider: mock, model: ab-b } ] }\n"
                + "  - { alias: reuse-fallback, strategy: fallback, targets: [ { provider: mock, model: reuse-503 }, { provider: mock, model: reuse-ok } ] }\n"
                + "  - { alias: deadline-retry, strategy: single, deadline_ms: " + DEADLINE_MS
                + ", retry: { attempts: 3, backoff_ms: 1, max_backoff_ms: 2 }, targets: [ { provider: mock, model: dl-retry-hang } ] }\n"
                + Stream.of(Fault.values())
                        .flatMap(fault -> Stream.of(MatrixStrategy.values()).map(strategy -> strategy.yaml(fault)))
                        .collect(Collectors.joining());
        gateway = TestGateway.startWithModels(mock, tmp, models, "breaker: { window: 10000, minimum_calls: 10000 }");
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
        mock.close();
    }

    /** Scripts the row's failing target to fail every call (a closed port needs no script). */
    static void scriptFault(Fault fault, MatrixStrategy strategy) {
        if (fault.script != null) {
            mock.script(strategy.failingModel(fault), MockScript.steps().thenForever(fault.script));
        }
    }

    static String chatBody(String model, boolean stream) {
        return "{\"model\":\"" + model + "\"," + (stream ? "\"stream\":true," : "")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    static HttpResponse<String> chat(Fault fault, MatrixStrategy strategy) {
        return gateway.post("/v1/chat/completions", chatBody(strategy.alias(fault), fault.stream),
                "authorization", TestGateway.bearer(TestGateway.KEY), "x-caravan-metadata", MatrixStrategy.METADATA);
    }

    static JsonNode receipt(String traceId) {
        return gateway.receiptEventually(traceId, TestGateway.KEY);
    }
}
