package dev.caravan.platform.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged gateway killed with SIGKILL under load keeps the receipt of every answer a client
 * received in full: at the next start on the same data directory each one is stored exactly once.
 * The flush interval is long so that no batch reaches the database before the kill: without the
 * journal every one of those receipts would be lost.
 */
class ReceiptJournalIT {

    private static final Path DIST = Path.of(System.getProperty("caravan.dist", "target/caravan")).toAbsolutePath();
    private static final String KEY = "sk-journal-test-key-000001";
    private static final int REQUESTS = 200;
    private static final int KILL_AFTER = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_keep_every_delivered_receipt_when_the_process_is_killed(@TempDir Path work) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (MockUpstream mock = MockUpstream.start(MockOptions.defaults())) {
            Files.writeString(work.resolve("caravan.yaml"), """
                    server: { host: 127.0.0.1, port: %d }
                    providers:
                      - { id: mock, plugin: openai, base_url: "%s" }
                    models:
                      - alias: fast
                        targets: [ { provider: mock, model: gpt-4o-mini } ]
                    keys:
                      - { name: dev, key: "%s", tenant: default }
                    receipts: { flush_interval_ms: 10000 }
                    """.formatted(port, mock.baseUrl(), KEY));
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + port;

            Process first = launchAndAwaitListening(work, port);
            Set<String> delivered = ConcurrentHashMap.newKeySet();
            CountDownLatch enough = new CountDownLatch(KILL_AFTER);
            AtomicInteger next = new AtomicInteger();
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread sender = new Thread(() -> {
                    for (int i = next.getAndIncrement(); i < REQUESTS; i = next.getAndIncrement()) {
                        boolean stream = i % 2 == 1;
                        try {
                            HttpResponse<String> answer = client.send(chat(base, stream), HttpResponse.BodyHandlers.ofString());
                            if (answer.statusCode() == 200 && (!stream || answer.body().contains("[DONE]"))) {
                                delivered.add(answer.headers().firstValue("x-caravan-trace-id").orElseThrow());
                                enough.countDown();
                            }
                        } catch (IOException e) {
                            // the gateway is gone: that answer was not delivered
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                });
                sender.start();
                senders.add(sender);
            }
            try {
                assertTrue(enough.await(30, TimeUnit.SECONDS), "only " + delivered.size() + " answers before the kill");
                first.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no flush
                assertTrue(first.waitFor(20, TimeUnit.SECONDS), "the killed gateway did not exit");
            } finally {
                first.destroyForcibly();
                for (Thread sender : senders) {
                    sender.join(TimeUnit.SECONDS.toMillis(30));
                }
            }
            assertTrue(delivered.size() >= KILL_AFTER, "delivered " + delivered.size());

            Process second = launchAndAwaitListening(work, port);
            try {
                List<String> missing = new ArrayList<>();
                for (String traceId : delivered) {
                    HttpResponse<String> receipt = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/receipts/" + traceId))
                            .header("authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(10)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (receipt.statusCode() != 200) {
                        missing.add(traceId);
                        continue;
                    }
                    JsonNode body = JSON.readTree(receipt.body());
                    assertEquals(traceId, body.path("trace_id").asText(), receipt.body());
                }
                assertTrue(missing.isEmpty(), missing.size() + " of " + delivered.size() + " delivered answers lost their receipt, e.g. " + missing.subList(0, Math.min(5, missing.size())));
                assertTrue(Files.notExists(work.resolve("data/receipts-journal/receipts-1.journal")),
                        "the killed process's segment is deleted once the database holds its receipts");
            } finally {
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static HttpRequest chat(String base, boolean stream) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("authorization", "Bearer " + KEY).header("content-type", "application/json")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fast\",\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
    }

    /** Starts bin/caravan in {@code work}; its output is drained on a thread so it never blocks on a full pipe. */
    private static Process launchAndAwaitListening(Path work, int port) throws Exception {
        Process server = new ProcessBuilder(DIST.resolve("bin/caravan").toString(), "serve")
                .directory(work.toFile()).redirectErrorStream(true).start();
        CountDownLatch listening = new CountDownLatch(1);
        StringBuilder seen = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    synchronized (seen) {
                        seen.append(line).append('\n');
                    }
                    if (line.startsWith("Caravan listening on ") && line.contains(":" + port)) {
                        listening.countDown();
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        if (!listening.await(60, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            synchronized (seen) {
                throw new AssertionError("the gateway did not start:\n" + seen);
            }
        }
        return server;
    }
}
