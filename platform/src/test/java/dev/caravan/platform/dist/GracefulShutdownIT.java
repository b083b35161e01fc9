package dev.caravan.platform.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.it.Poll;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a packaged {@code caravan serve} under load (docs/operations.md#shutdown): every
 * request sent before the signal is answered, new connections are refused while the drain runs,
 * a stream that outlives {@code server.drain_timeout_ms} ends with the error event, every answered
 * request has its receipt after a restart, and the process exits 0.
 */
class GracefulShutdownIT {

    private static final Path DIST = Path.of(System.getProperty("caravan.dist", "target/caravan")).toAbsolutePath();
    private static final String KEY = "sk-drain-test-key-000001";
    private static final int LOAD_THREADS = 4;

    /** One request of the load: when it was sent, and its status or the failure. */
    private record Outcome(long sentNanos, int status, String traceId, String failure) {}

    @Test
    void should_drain_in_flight_requests_and_streams_then_exit_0(@TempDir Path work) throws Exception {
        int port = freePort();
        try (MockUpstream mock = MockUpstream.start(MockOptions.defaults())) {
            Files.writeString(work.resolve("caravan.yaml"), """
                    server: { host: 127.0.0.1, port: %d, drain_timeout_ms: 3000 }
                    providers:
                      - { id: mock, plugin: openai, base_url: "%s" }
                    models:
                      - alias: fast
                        targets: [ { provider: mock, model: gpt-4o-mini } ]
                    keys:
                      - { name: dev, key: "%s", tenant: default }
                    """.formatted(port, mock.baseUrl(), KEY));
            Served server = Served.start(work, port);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ExecutorService pool = Executors.newFixedThreadPool(LOAD_THREADS + 4);
            Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
            AtomicLong signalAt = new AtomicLong(Long.MAX_VALUE);
            CountDownLatch loadDone = new CountDownLatch(LOAD_THREADS);
            try (Socket readyProbe = new Socket("127.0.0.1", port); Socket healthProbe = new Socket("127.0.0.1", port)) {
                readyProbe.setSoTimeout(10_000);
                healthProbe.setSoTimeout(10_000);
                assertTrue(get(readyProbe, "/ready").startsWith("HTTP/1.1 200"), "ready before the signal");
                assertTrue(get(healthProbe, "/health").startsWith("HTTP/1.1 200"), "live before the signal");

                // Two streams that outlive the 3 s drain, one that ends well inside it.
                List<CompletableFuture<HttpResponse<InputStream>>> slowHeads = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    slowHeads.add(client.sendAsync(chat(port, true, "\"chunks\":300,\"chunk_interval_ms\":100"),
                            HttpResponse.BodyHandlers.ofInputStream()));
                }
                CompletableFuture<HttpResponse<InputStream>> shortHead = client.sendAsync(
                        chat(port, true, "\"chunks\":15,\"chunk_interval_ms\":100"), HttpResponse.BodyHandlers.ofInputStream());
                for (int i = 0; i < LOAD_THREADS; i++) {
                    pool.execute(() -> {
                        try {
                            while (true) {
                                long sent = System.nanoTime();
                                try {
                                    HttpResponse<String> answer = client.send(chat(port, false, "\"latency_ms\":150"),
                                            HttpResponse.BodyHandlers.ofString());
                                    outcomes.add(new Outcome(sent, answer.statusCode(), answer.headers().firstValue("x-caravan-trace-id").orElse(null),
                                            answer.statusCode() == 200 ? null : answer.body()));
                                } catch (IOException e) {
                                    outcomes.add(new Outcome(sent, -1, null, e.toString()));
                                    if (sent > signalAt.get()) {
                                        return; // refused after the signal: this client is done
                                    }
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            loadDone.countDown();
                        }
                    });
                }
                List<HttpResponse<InputStream>> slow = new ArrayList<>();
                for (CompletableFuture<HttpResponse<InputStream>> head : slowHeads) {
                    slow.add(head.get(20, TimeUnit.SECONDS));
                }
                HttpResponse<InputStream> shortStream = shortHead.get(20, TimeUnit.SECONDS);
                List<CompletableFuture<String>> slowBodies = slow.stream().map(r -> body(r, pool)).toList();
                CompletableFuture<String> shortBody = body(shortStream, pool);
                Poll.until(outcomes::size, n -> n >= 3 * LOAD_THREADS, Duration.ofSeconds(20), () -> "load did not get going");

                signalAt.set(System.nanoTime());
                server.process.destroy(); // SIGTERM

                Poll.until(() -> refused(port), r -> r, Duration.ofSeconds(5), () -> "new connections still accepted after SIGTERM");
                assertTrue(server.process.isAlive() && slowBodies.stream().noneMatch(CompletableFuture::isDone),
                        "connections refused while the drain still runs:\n" + server.output());
                String ready = get(readyProbe, "/ready");
                assertTrue(ready.startsWith("HTTP/1.1 503") && ready.toLowerCase().contains("connection: close")
                        && ready.contains("shutting down"), ready);
                String health = get(healthProbe, "/health");
                assertTrue(health.startsWith("HTTP/1.1 200"), "liveness stays up while draining: " + health);

                assertTrue(server.process.waitFor(30, TimeUnit.SECONDS), "no exit after SIGTERM:\n" + server.output());
                assertEquals(0, server.process.exitValue(), server.output());
                assertTrue(loadDone.await(20, TimeUnit.SECONDS), "load threads did not stop");

                List<Outcome> beforeSignal = outcomes.stream().filter(o -> o.sentNanos() < signalAt.get()).toList();
                List<Outcome> failedBefore = beforeSignal.stream().filter(o -> o.status() != 200).toList();
                assertTrue(failedBefore.isEmpty(), failedBefore.size() + " of " + beforeSignal.size()
                        + " requests sent before SIGTERM failed: " + failedBefore + "\n" + server.output());
                List<Outcome> refusedOrServed = outcomes.stream().filter(o -> o.sentNanos() >= signalAt.get())
                        .filter(o -> o.status() != 200 && o.status() != -1).toList();
                assertTrue(refusedOrServed.isEmpty(), "after SIGTERM a request is served or its connection refused: " + refusedOrServed);

                List<String> traceIds = new ArrayList<>(outcomes.stream().filter(o -> o.status() == 200).map(Outcome::traceId).toList());
                List<String> cutStreams = new ArrayList<>();
                for (int i = 0; i < slow.size(); i++) {
                    String events = slowBodies.get(i).get(10, TimeUnit.SECONDS);
                    assertTrue(events.contains("The gateway is shutting down") && !events.contains("[DONE]"),
                            "a stream longer than the drain ends with the error event: " + tail(events));
                    cutStreams.add(slow.get(i).headers().firstValue("x-caravan-trace-id").orElseThrow());
                }
                traceIds.addAll(cutStreams);
                String shortEvents = shortBody.get(10, TimeUnit.SECONDS);
                assertTrue(shortEvents.contains("[DONE]") && !shortEvents.contains("shutting down"),
                        "a stream shorter than the drain ends normally: " + tail(shortEvents));
                traceIds.add(shortStream.headers().firstValue("x-caravan-trace-id").orElseThrow());

                Served again = Served.start(work, port);
                try {
                    for (String traceId : traceIds) {
                        HttpResponse<String> receipt = client.send(HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/v1/receipts/" + traceId))
                                .header("authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(10)).GET().build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertEquals(200, receipt.statusCode(), "receipt of " + traceId + ": " + receipt.body());
                        if (cutStreams.contains(traceId)) {
                            assertTrue(receipt.body().contains("shutdown: the gateway stopped before the stream ended"),
                                    "a stream ended by the deadline says so in its receipt: " + receipt.body());
                        }
                    }
                } finally {
                    again.process.destroy();
                    assertTrue(again.process.waitFor(30, TimeUnit.SECONDS));
                }
                assertEquals(0, again.process.exitValue(), again.output());
            } finally {
                pool.shutdownNow();
                server.process.destroyForcibly();
            }
        }
    }

    @Test
    void should_end_the_drain_at_once_on_a_second_signal(@TempDir Path work) throws Exception {
        int port = freePort();
        try (MockUpstream mock = MockUpstream.start(MockOptions.defaults())) {
            Files.writeString(work.resolve("caravan.yaml"), """
                    server: { host: 127.0.0.1, port: %d, drain_timeout_ms: 600000 }
                    providers:
                      - { id: mock, plugin: openai, base_url: "%s" }
                    models:
                      - alias: fast
                        targets: [ { provider: mock, model: gpt-4o-mini } ]
                    keys:
                      - { name: dev, key: "%s", tenant: default }
                    """.formatted(port, mock.baseUrl(), KEY));
            Served server = Served.start(work, port);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpResponse<InputStream> stream = client.send(chat(port, true, "\"chunks\":600,\"chunk_interval_ms\":100"),
                        HttpResponse.BodyHandlers.ofInputStream());
                CompletableFuture<String> events = body(stream, pool);

                server.process.destroy();
                Poll.until(() -> refused(port), r -> r, Duration.ofSeconds(5), () -> "new connections still accepted after SIGTERM");
                assertFalse(events.isDone(), "the stream drains after the first signal");
                server.process.destroy(); // the second SIGTERM: the deadline is now

                assertTrue(server.process.waitFor(20, TimeUnit.SECONDS), "a second signal ends a 10-minute drain at once:\n" + server.output());
                assertEquals(0, server.process.exitValue(), server.output());
                String text = events.get(10, TimeUnit.SECONDS);
                assertTrue(text.contains("The gateway is shutting down") && !text.contains("[DONE]"), tail(text));
            } finally {
                pool.shutdownNow();
                server.process.destroyForcibly();
            }
        }
    }

    private static HttpRequest chat(int port, boolean stream, String mock) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("authorization", "Bearer " + KEY).header("content-type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fast\",\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"mock\":{" + mock + "}}"))
                .build();
    }

    private static CompletableFuture<String> body(HttpResponse<InputStream> response, ExecutorService pool) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream in = response.body()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "read failed: " + e;
            }
        }, pool);
    }

    private static boolean refused(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** One GET on a kept-alive raw connection: the answer's head and body. */
    private static String get(Socket socket, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString();
            }
            head.append((char) b);
        }
        int length = head.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String tail(String text) {
        return text.length() < 600 ? text : "..." + text.substring(text.length() - 600);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A {@code caravan serve} process whose output is read continuously (a full pipe would stall it). */
    private record Served(Process process, StringBuffer log) {

        static Served start(Path work, int port) throws Exception {
            Process process = new ProcessBuilder(DIST.resolve("bin/caravan").toString(), "serve")
                    .directory(work.toFile()).redirectErrorStream(true).start();
            StringBuffer log = new StringBuffer();
            CountDownLatch listening = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        log.append(line).append('\n');
                        if (line.startsWith("Caravan listening on ")) {
                            listening.countDown();
                        }
                    }
                } catch (IOException e) {
                    log.append("(output: ").append(e).append(")\n");
                }
            }, "caravan-output");
            reader.setDaemon(true);
            reader.start();
            if (!listening.await(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("caravan serve did not start:\n" + log);
            }
            assertFalse(log.toString().contains(KEY), "the key is not logged");
            return new Served(process, log);
        }

        String output() {
            return log.toString();
        }
    }
}
