package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and silent clients are cut by the server's timeouts (short ones here), connections beyond
 * {@code server.max_connections} are closed at once, and after each case the process's file
 * descriptors and threads are back at their baseline while the gateway still serves.
 */
class SlowClientsTest {

    private static final int CLIENTS = 200;
    private static final String CHAT = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    private long fdBaseline;
    private int threadBaseline;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startFromYaml("""
                server: { host: 127.0.0.1, port: %d, io_threads: 2, header_timeout_ms: 400, body_timeout_ms: 400,
                          idle_timeout_ms: 400, max_connections: 250 }
                storage: { url: "jdbc:h2:file:%s" }
                routes: { dir: "%s" }
                plugins: { dir: "%s" }
                providers:
                  - { id: mock, plugin: openai, base_url: "%s" }
                models:
                  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                keys:
                  - { name: dev, key: "%s", tenant: acme }
                """.formatted(TestGateway.freePort(), tmp.resolve("db/caravan"), TestGateway.routesDir(), TestGateway.pluginsDir(),
                mock.baseUrl(), TestGateway.KEY), tmp);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    @BeforeEach
    void baseline() throws IOException {
        // Warm up: the first slow body starts pools that stay (timers, workers); those are the baseline.
        List<Socket> warmUp = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            warmUp.add(open(slowBody()));
        }
        warmUp.forEach(socket -> assertTrue(closedWithin(socket, 10_000)));
        warmUp.forEach(SlowClientsTest::closeQuietly);
        assertServes();
        fdBaseline = openFds();
        threadBaseline = ManagementFactory.getThreadMXBean().getThreadCount();
    }

    @AfterEach
    void backToBaseline() {
        sockets.forEach(SlowClientsTest::closeQuietly);
        Poll.until(SlowClientsTest::openFds, n -> n <= fdBaseline + 5, Duration.ofSeconds(20),
                () -> "file descriptors did not return to " + fdBaseline + ": " + openFds());
        Poll.until(() -> ManagementFactory.getThreadMXBean().getThreadCount(), n -> n <= threadBaseline + 5, Duration.ofSeconds(20),
                () -> "threads did not return to " + threadBaseline + ": " + ManagementFactory.getThreadMXBean().getThreadCount());
        assertServes();
    }

    @Test
    void should_close_connections_that_never_finish_their_headers() throws IOException {
        for (int i = 0; i < CLIENTS; i++) {
            sockets.add(open("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1\r\n"));
        }
        assertAllClosedByServer();
    }

    @Test
    void should_close_connections_whose_body_never_arrives() throws IOException {
        for (int i = 0; i < CLIENTS; i++) {
            sockets.add(open(slowBody()));
        }
        assertAllClosedByServer();
    }

    @Test
    void should_close_silent_connections_and_tls_hellos_on_the_plain_port() throws IOException {
        for (int i = 0; i < CLIENTS / 2; i++) {
            sockets.add(open(""));
        }
        for (int i = 0; i < CLIENTS / 2; i++) {
            Socket socket = open("");
            // The first bytes of a TLS ClientHello record, then nothing.
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01});
            socket.getOutputStream().flush();
            sockets.add(socket);
        }
        assertAllClosedByServer();
    }

    @Test
    void should_close_connections_beyond_max_connections_at_once() throws IOException {
        for (int i = 0; i < 300; i++) {
            sockets.add(open(""));
        }
        // 250 are allowed; the rest are closed without an answer, long before the 400 ms header timeout would.
        long closedEarly = sockets.stream().filter(s -> closedWithin(s, 150)).count();
        assertTrue(closedEarly >= 50, closedEarly + " of 300 connections closed at once; expected at least the 50 over the limit");
        assertAllClosedByServer();
    }

    private static String slowBody() {
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestGateway.KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"model\":";
    }

    private static Socket open(String bytes) throws IOException {
        Socket socket = new Socket(gateway.baseUrl().getHost(), gateway.baseUrl().getPort());
        if (!bytes.isEmpty()) {
            OutputStream out = socket.getOutputStream();
            out.write(bytes.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        return socket;
    }

    private void assertAllClosedByServer() {
        for (Socket socket : sockets) {
            assertTrue(closedWithin(socket, 10_000), "a connection stayed open past every timeout");
        }
    }

    /** True when the server closed the connection (end of stream, after any answer such as a 408) within {@code ms}. */
    private static boolean closedWithin(Socket socket, int ms) {
        long deadline = System.nanoTime() + ms * 1_000_000L;
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                try {
                    if (in.read(buffer) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    return false;
                }
            }
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    private static long openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new IllegalStateException("cannot count file descriptors", e);
        }
    }

    private static void assertServes() {
        HttpResponse<String> ok = gateway.post("/v1/chat/completions", CHAT, "authorization", TestGateway.bearer(TestGateway.KEY));
        assertEquals(200, ok.statusCode(), ok.body());
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed by the server
        }
    }
}
