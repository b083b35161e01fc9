package dev.caravan.platform.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.caravan.api.provider.UpstreamRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real providers are HTTPS: the upstream client over TLS (handshakes, encrypted reads, chunked
 * streams), whose handshake and decryption now run on a lane's selector thread.
 */
class UpstreamClientTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final String ANSWER = "{\"object\":\"chat.completion\"}";

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static ExecutorService serverThreads;
    private static UpstreamClient client;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        KeyStore serverKeys = selfSignedKeyStore(dir.resolve("server.p12"));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(serverKeys, PASSWORD);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("upstream", serverKeys.getCertificate("upstream"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/v1/chat/completions", exchange -> {
            try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
                in.readAllBytes();
                exchange.getResponseHeaders().add("content-type", "application/json");
                byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                out.write(body);
            }
        });
        server.createContext("/v1/stream", exchange -> {
            try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
                in.readAllBytes();
                exchange.getResponseHeaders().add("content-type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0); // chunked
                for (int i = 0; i < 20; i++) {
                    out.write(("data: {\"n\":" + i + "}\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        serverThreads = Executors.newFixedThreadPool(8);
        server.setExecutor(serverThreads);
        server.start();
        base = URI.create("https://127.0.0.1:" + server.getAddress().getPort());
        client = new UpstreamClient(1, 2, Duration.ofSeconds(5), clientTls);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    /** A key pair whose certificate names 127.0.0.1, made by the JDK's own keytool. */
    private static KeyStore selfSignedKeyStore(Path file) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "upstream", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, "keytool failed: " + output);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    private static UpstreamRequest post(String path) {
        return UpstreamRequest.postJson(base.resolve(path), Map.of("content-type", "application/json"),
                "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void should_read_the_answer_without_a_hand_off_when_the_upstream_answers_over_tls() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        HttpResponse.BodyHandler<byte[]> recording = info -> {
            thread.set(Thread.currentThread().getName());
            return HttpResponse.BodySubscribers.ofByteArray();
        };
        HttpResponse<byte[]> response = client.send(post("/v1/chat/completions"), Duration.ofSeconds(10), recording)
                .get(20, TimeUnit.SECONDS);

        assertEquals(200, response.statusCode());
        assertEquals(ANSWER, new String(response.body(), StandardCharsets.UTF_8));
        // The lane's selector thread, or the sending thread when the answer was already there
        // (newer JDKs read a reused connection at once): never a hand-off to another thread.
        String caller = Thread.currentThread().getName();
        assertTrue(thread.get().equals(caller) || thread.get().startsWith("HttpClient-") && thread.get().endsWith("-SelectorManager"),
                "answer read on " + thread.get());
    }

    @Test
    void should_answer_every_call_when_many_tls_calls_share_one_lane() throws Exception {
        List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(client.send(post("/v1/chat/completions"), Duration.ofSeconds(10), HttpResponse.BodyHandlers.ofByteArray()));
        }

        for (CompletableFuture<HttpResponse<byte[]>> call : calls) {
            HttpResponse<byte[]> response = call.get(30, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertEquals(ANSWER, new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void should_read_a_chunked_stream_to_its_end_when_it_comes_over_tls() throws Exception {
        HttpResponse<Stream<String>> response = client.send(post("/v1/stream"), Duration.ofSeconds(10),
                HttpResponse.BodyHandlers.ofLines()).get(20, TimeUnit.SECONDS);

        List<String> data = response.body().filter(line -> line.startsWith("data: ")).toList();
        assertEquals(21, data.size());
        assertEquals("data: [DONE]", data.get(20));
    }
}
