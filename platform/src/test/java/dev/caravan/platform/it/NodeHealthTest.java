package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose receipt writer thread died cannot keep its promise of a receipt per request:
 * {@code /health} and {@code /ready} say so (503, naming the part) instead of {@code ok}.
 */
class NodeHealthTest {

    @TempDir
    Path tmp;

    private static Set<Thread> receiptWriters() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("caravan-receipt-writer") && t.isAlive()).collect(Collectors.toSet());
    }

    @Test
    void should_answer_503_on_health_and_ready_when_the_receipt_writer_thread_died() {
        try (MockUpstream mock = MockUpstream.start(MockOptions.defaults())) {
            Set<Thread> before = receiptWriters();
            try (TestGateway gateway = TestGateway.start(mock, tmp)) {
                assertEquals(200, gateway.get("/health").statusCode());
                Set<Thread> ours = receiptWriters();
                ours.removeAll(before);
                assertEquals(1, ours.size(), "this gateway's writer: " + ours);
                Thread writer = ours.iterator().next();
                // An interrupt outside close() ends the writer's loop, as a fatal error in it would.
                Poll.until(() -> {
                    writer.interrupt();
                    return writer.isAlive();
                }, alive -> !alive, Duration.ofSeconds(10), () -> "the writer thread did not stop");

                HttpResponse<String> health = gateway.get("/health");
                assertEquals(503, health.statusCode(), health.body());
                assertTrue(health.body().contains("\"status\":\"broken\""), health.body());
                assertTrue(health.body().contains("receipt_writer: stopped"), health.body());
                HttpResponse<String> ready = gateway.get("/ready");
                assertEquals(503, ready.statusCode(), ready.body());
                assertTrue(ready.body().contains("\"node\":\"broken\""), ready.body());
            }
        }
    }
}
