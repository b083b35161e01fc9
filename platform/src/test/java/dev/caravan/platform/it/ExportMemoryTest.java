package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.Secret;
import dev.caravan.platform.config.StorageConfig;
import dev.caravan.platform.storage.Storage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export of 100k rows in bounded memory, measured robustly: the gateway runs in its own JVM with
 * a {@value #HEAP_MB} MiB heap, and the export it serves (~250 MB) is larger than that whole
 * heap. A gateway that collected the rows (or the response) in memory would die with
 * OutOfMemoryError or stall; one that streams with back-pressure finishes and keeps serving.
 * A heap measurement inside the test JVM would be noisy (other tests, GC timing); this is not.
 */
class ExportMemoryTest {

    static final int ROWS = 100_000;
    static final int HEAP_MB = 160;
    static final int MESSAGE_CHARS = 2000;

    @TempDir
    Path tmp;

    @Test
    void should_stream_100k_receipts_larger_than_the_whole_heap_when_exported() throws Exception {
        // H2's own page cache defaults to 64 MiB, and H2 keeps every text (CLOB) value a query read
        // for LOB_TIMEOUT (default 5 minutes): both are H2 settings, not the export path, so they are
        // made small here (docs/logging-and-privacy.md recommends LOB_TIMEOUT for large exports on H2).
        // 160 MiB: the gateway itself needs 50-90 MiB (tokenizer, Groovy, plugins, metrics); 96 MiB ran out
        // once on a busy machine before any export byte was read. Rows are made larger instead, so the
        // export (~250 MB) still exceeds the whole heap.
        String url = "jdbc:h2:file:" + tmp.resolve("db/caravan") + ";CACHE_SIZE=4096;LOB_TIMEOUT=1000";
        insertReceipts(url);
        int port = TestGateway.freePort();
        Path config = tmp.resolve("caravan.yaml");
        Files.createDirectories(tmp.resolve("plugins"));
        Files.writeString(config, """
                server: { host: 127.0.0.1, port: %d, io_threads: 2 }
                storage: { url: "%s" }
                admin: { token: "%s" }
                routes: { dir: "%s" }
                plugins: { dir: "%s" }
                receipts: { spill_file: "%s" }
                """.formatted(port, url, TestGateway.ADMIN_TOKEN, TestGateway.routesDir(), tmp.resolve("plugins"), tmp.resolve("spill.jsonl")));
        Process gateway = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx" + HEAP_MB + "m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                "dev.caravan.platform.cli.CaravanCli", "serve", "--config", config.toString()))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("gateway.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + port);
            Poll.until(() -> health(http, base), ok -> ok || !gateway.isAlive(), Duration.ofSeconds(60), () -> "gateway did not start");
            assertTrue(gateway.isAlive(), "gateway exited: " + Files.readString(tmp.resolve("gateway.log")));

            HttpResponse<InputStream> export = http.send(HttpRequest.newBuilder(base.resolve("/admin/v1/exports?format=jsonl"))
                    .header("authorization", "Bearer " + TestGateway.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, export.statusCode());
            long lines = 0;
            long chars = 0;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(export.body(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.startsWith("{\"trace_id\":\"")) {
                        throw new AssertionError("not a receipt line: " + line.substring(0, Math.min(200, line.length())));
                    }
                    lines++;
                    chars += line.length() + 1;
                }
            }
            assertEquals(ROWS, lines);
            assertTrue(chars > (long) HEAP_MB * 1024 * 1024, "export of " + chars + " chars is not larger than the heap");
            assertTrue(gateway.isAlive() && health(http, base), "gateway did not survive the export: " + Files.readString(tmp.resolve("gateway.log")));
        } finally {
            gateway.destroy();
            gateway.waitFor();
            Files.copy(tmp.resolve("gateway.log"), Path.of("target/export-memory-gateway.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean health(HttpClient http, URI base) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** 100k receipts in one INSERT … SELECT (fast), each with a long error message so the export is big. */
    private static void insertReceipts(String url) {
        try (Storage storage = Storage.open(new StorageConfig(url, "", Secret.empty(), 2))) {
            storage.jdbi().useHandle(h -> h.execute("""
                    INSERT INTO receipts (trace_id, tenant_id, key_id, endpoint, stream, status, error_message, attempts,
                        prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, gateway_overhead_ms, total_ms, received_at)
                    SELECT 'trace-' || LPAD(CAST("X" AS VARCHAR), 6, '0'), 'acme', 'key-1', '/v1/chat/completions', FALSE, 200,
                        REPEAT('x', %d), '[]', 10, 5, 0, 0, 0.5, 3.0,
                        DATEADD('SECOND', "X", TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00')
                    FROM SYSTEM_RANGE(1, %d)
                    """.formatted(MESSAGE_CHARS, ROWS)));
        }
    }
}
