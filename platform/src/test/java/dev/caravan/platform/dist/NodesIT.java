package dev.caravan.platform.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.mock.MockBehavior;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.it.Poll;
import dev.caravan.platform.storage.PostgresTestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packaged gateway processes on one PostgreSQL: each node is listed by {@code /admin/v1/nodes} with
 * its version and config hash, a receipt made on one node is read through another, and the budget
 * reservations of requests in flight when a node is killed with SIGKILL are released: at its next
 * start, or by a live node once the dead one's heartbeat is older than {@code server.node_dead_after_ms}.
 */
class NodesIT {

    private static final Path DIST = Path.of(System.getProperty("caravan.dist", "target/caravan")).toAbsolutePath();
    private static final String KEY = "sk-nodes-test-key-0000001";
    private static final String ADMIN = "adm-nodes-test-0123456789";
    private static final int IN_FLIGHT = 24;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PostgresTestDatabase PG = new PostgresTestDatabase();
    @TempDir
    static Path work;
    private static MockUpstream quick;
    private static MockUpstream slow;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void mocks() {
        quick = MockUpstream.start(MockOptions.defaults());
    }

    @AfterAll
    static void stopMocks() {
        quick.close();
    }

    /** Requests to alias 'slow' stay in flight (their budget reserved) until the node is killed; a fresh one per test. */
    @org.junit.jupiter.api.BeforeEach
    void slowMock() {
        slow = MockUpstream.start(MockOptions.defaults().withDefaultBehavior(MockBehavior.defaults().withLatencyMs(60_000)));
    }

    @org.junit.jupiter.api.AfterEach
    void stopSlowMock() {
        slow.close();
    }

    private record Node(String id, int port, Path dir, Path config) {
        String base() {
            return "http://127.0.0.1:" + port;
        }
    }

    private static Node node(String id, String budget, String serverExtra) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createDirectories(work.resolve(id));
        Path config = dir.resolve("caravan.yaml");
        Files.writeString(config, """
                server: { host: 127.0.0.1, port: %d, node_id: %s %s }
                storage: { url: "%s", user: "%s" }
                admin: { token: "%s" }
                providers:
                  - { id: quick, plugin: openai, base_url: "%s" }
                  - { id: slow, plugin: openai, base_url: "%s", timeout_ms: 120000 }
                models:
                  - { alias: fast, targets: [ { provider: quick, model: gpt-4o-mini } ] }
                  - { alias: slow, targets: [ { provider: slow, model: gpt-4o-mini } ] }
                keys:
                  - { name: dev, key: "%s", tenant: default }
                budgets:
                  - { name: %s, scope: { key: dev }, limit_usd: "1000", period: daily, action: deny }
                receipts: { flush_interval_ms: 50 }
                # Five budgets apply to key dev (every test's config bootstraps one into the shared
                # database); on this shared 2-core machine a cold node's first burst needs more than the
                # default 200 ms to reserve from all of them.
                admit: { policy_timeout_ms: 5000 }
                breaker: { window: 10000, minimum_calls: 10000 }
                """.formatted(port, id, serverExtra, PG.jdbcUrl(), PG.user(), ADMIN, quick.baseUrl(), slow.baseUrl(), KEY, budget));
        return new Node(id, port, dir, config);
    }

    @Test
    void should_list_both_nodes_and_read_a_receipt_of_node_b_through_node_a() throws Exception {
        Node a = node("node-a", "shared-a", "");
        Node b = node("node-b", "shared-b", "");
        launch(a);
        launch(b);
        try {
            HttpResponse<String> answer = chat(b, "fast");
            assertEquals(200, answer.statusCode(), answer.body());
            String traceId = answer.headers().firstValue("x-caravan-trace-id").orElseThrow();

            JsonNode receipt = Poll.until(() -> get(a, "/v1/receipts/" + traceId, KEY), r -> r.statusCode() == 200,
                    Duration.ofSeconds(10), () -> "node A never showed node B's receipt " + traceId).body().transform(NodesIT::json);
            assertEquals("node-b", receipt.path("node").asText(), receipt.toString());
            JsonNode listed = json(get(a, "/admin/v1/receipts?limit=100", ADMIN).body());
            boolean found = false;
            for (JsonNode r : listed.path("data")) {
                found |= traceId.equals(r.path("trace_id").asText()) && "node-b".equals(r.path("node").asText());
            }
            assertTrue(found, "node A's receipt list holds node B's receipt: " + listed);

            JsonNode nodes = json(get(a, "/admin/v1/nodes", ADMIN).body());
            assertEquals("node-a", nodes.path("self").asText());
            for (Node n : List.of(a, b)) {
                JsonNode row = row(nodes, n.id());
                assertEquals("live", row.path("status").asText(), row.toString());
                assertFalse(row.path("version").asText().isBlank(), row.toString());
                assertEquals(sha256(n.config()), row.path("config_hash").asText(), row.toString());
                assertEquals("http://127.0.0.1:" + n.port(), row.path("address").asText());
            }
            assertEquals(row(nodes, "node-a").path("version").asText(), row(nodes, "node-b").path("version").asText());
        } finally {
            stopAll();
        }
    }

    @Test
    void should_leave_no_reservation_held_when_a_node_killed_under_load_starts_again() throws Exception {
        Node k = node("node-k", "killed-budget", "");
        Process first = launch(k);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, chat(k, "fast").statusCode());
        }
        List<CompletableFuture<HttpResponse<String>>> inFlight = sendSlow(k);
        Poll.until(slow::openRequests, n -> n >= IN_FLIGHT, Duration.ofSeconds(30), () -> "requests in flight: " + slow.openRequests());
        assertTrue(reserved("killed-budget").signum() > 0, "the requests in flight hold reservations");

        first.toHandle().destroyForcibly(); // SIGKILL: no settle, no release
        assertTrue(first.waitFor(20, TimeUnit.SECONDS));
        inFlight.forEach(f -> f.handle((r, e) -> null).join());
        assertTrue(reserved("killed-budget").signum() > 0, "the dead process left its reservations held");

        launch(k); // listening only after the release: nothing to wait for
        try {
            assertEquals(0, reserved("killed-budget").signum(), "reserved after the restart: " + reserved("killed-budget"));
            BigDecimal spent = scalar("SELECT COALESCE(SUM(spent), 0) FROM budget_usage WHERE account LIKE '%killed-budget%'");
            BigDecimal receipts = Poll.until(() -> scalar("SELECT COALESCE(SUM(cost_usd), 0) FROM receipts WHERE node_id = 'node-k'"
                    + " AND status = 200"), sum -> sum.compareTo(spent) == 0, Duration.ofSeconds(10),
                    () -> "spent " + spent + " differs from the sum of the receipts");
            assertTrue(receipts.signum() > 0, "the answered requests were priced");
            assertTrue(audited(k) > 0, "the release is audited");
        } finally {
            stopAll();
        }
    }

    @Test
    void should_release_a_dead_nodes_reservations_from_a_live_node_within_the_bound() throws Exception {
        String beat = ", heartbeat_interval_ms: 500, node_dead_after_ms: 2000";
        Node dying = node("node-dying", "dead-budget", beat);
        Node live = node("node-live", "live-budget", beat);
        Process doomed = launch(dying);
        launch(live);
        try {
            assertEquals(200, chat(dying, "fast").statusCode());
            List<CompletableFuture<HttpResponse<String>>> inFlight = sendSlow(dying);
            Poll.until(slow::openRequests, n -> n >= IN_FLIGHT, Duration.ofSeconds(30), () -> "requests in flight: " + slow.openRequests()
                    + "; answered: " + inFlight.stream().filter(CompletableFuture::isDone).map(f -> f.handle((r, e) -> r == null
                            ? String.valueOf(e) : r.statusCode() + " " + r.body()).join()).limit(3).toList());
            assertTrue(reserved("dead-budget").signum() > 0);

            doomed.toHandle().destroyForcibly();
            assertTrue(doomed.waitFor(20, TimeUnit.SECONDS));
            long killedAt = System.nanoTime();
            Poll.until(() -> reserved("dead-budget"), r -> r.signum() == 0, Duration.ofSeconds(15),
                    () -> "node-live did not release node-dying's reservations: " + reserved("dead-budget"));
            long tookMs = (System.nanoTime() - killedAt) / 1_000_000;
            // The bound (2 s) after the last heartbeat, plus at most one heartbeat of node-live (0.5 s), plus slack for this machine.
            assertTrue(tookMs < 2_000 + 500 + 2_000, "released " + tookMs + " ms after the kill");
            inFlight.forEach(f -> f.handle((r, e) -> null).join());
            JsonNode nodes = json(get(live, "/admin/v1/nodes", ADMIN).body());
            assertEquals("dead", row(nodes, "node-dying").path("status").asText(), nodes.toString());
            assertTrue(audited(live) > 0, "the release is audited");
        } finally {
            stopAll();
        }
    }

    private static List<CompletableFuture<HttpResponse<String>>> sendSlow(Node n) {
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            sent.add(CLIENT.sendAsync(chatRequest(n, "slow"), HttpResponse.BodyHandlers.ofString()));
        }
        return sent;
    }

    private static long audited(Node n) throws Exception {
        JsonNode page = json(get(n, "/admin/v1/audit?action=budget.reservation.released&limit=100", ADMIN).body());
        return page.path("data").size();
    }

    private static JsonNode row(JsonNode nodes, String id) {
        for (JsonNode n : nodes.path("data")) {
            if (id.equals(n.path("node_id").asText())) {
                return n;
            }
        }
        throw new AssertionError(id + " not listed: " + nodes);
    }

    private static BigDecimal reserved(String budget) {
        return scalar("SELECT COALESCE(SUM(reserved), 0) FROM budget_usage WHERE account LIKE '%" + budget + "%'");
    }

    private static BigDecimal scalar(String sql) {
        try (Connection c = PG.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getBigDecimal(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }

    private static HttpResponse<String> get(Node n, String path, String token) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(n.base() + path)).header("authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> chat(Node n, String alias) throws Exception {
        return CLIENT.send(chatRequest(n, alias), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest chatRequest(Node n, String alias) {
        return HttpRequest.newBuilder(URI.create(n.base() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + KEY).header("content-type", "application/json")
                .timeout(Duration.ofSeconds(90))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + alias + "\",\"max_tokens\":50,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
    }

    private void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        started.clear();
    }

    /** Starts bin/caravan in the node's folder; its output is drained on a thread so it never blocks on a full pipe. */
    private Process launch(Node n) throws Exception {
        Process server = new ProcessBuilder(DIST.resolve("bin/caravan").toString(), "serve")
                .directory(n.dir().toFile()).redirectErrorStream(true).start();
        started.add(server);
        CountDownLatch listening = new CountDownLatch(1);
        StringBuilder seen = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    synchronized (seen) {
                        seen.append(line).append('\n');
                    }
                    if (line.startsWith("Caravan listening on ") && line.contains(":" + n.port())) {
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
                throw new AssertionError("node " + n.id() + " did not start:\n" + seen);
            }
        }
        return server;
    }
}
