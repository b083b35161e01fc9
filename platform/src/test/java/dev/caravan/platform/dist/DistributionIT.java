package dev.caravan.platform.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged distribution (platform/target/caravan) starts, serves and refuses bad config as documented. */
class DistributionIT {

    private static final Path DIST = Path.of(System.getProperty("caravan.dist", "target/caravan")).toAbsolutePath();

    private static Process launch(Path workDir, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(DIST.resolve("bin/caravan").toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    }

    private static String finish(Process process) throws Exception {
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "process did not exit");
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void should_have_the_documented_layout() {
        for (String part : List.of("bin/caravan", "bin/caravan-mock", "tools", "lib", "plugins", "routes/openai.yaml", "routes/examples/summarize.yaml",
                "policies", "caravan.example.yaml")) {
            assertTrue(Files.exists(DIST.resolve(part)), "missing " + part);
        }
        assertTrue(Files.isExecutable(DIST.resolve("bin/caravan")));
        assertTrue(Files.exists(DIST.getParent().resolve("caravan-" + System.getProperty("caravan.version", "0.1.0-SNAPSHOT") + ".tar.gz")));
    }

    @Test
    void should_print_help_for_caravan_and_serve(@TempDir Path work) throws Exception {
        Process help = launch(work, "--help");
        String out = finish(help);
        assertEquals(0, help.exitValue(), out);
        assertTrue(out.contains("serve"), out);

        Process serveHelp = launch(work, "serve", "--help");
        String serveOut = finish(serveHelp);
        assertEquals(0, serveHelp.exitValue(), serveOut);
        assertTrue(serveOut.contains("--config"), serveOut);
    }

    @Test
    void should_exit_2_naming_the_path_when_the_config_is_invalid(@TempDir Path work) throws Exception {
        Path config = work.resolve("bad.yaml");
        Files.writeString(config, """
                providers:
                  - { id: openai, plugin: openai, base_url: "https://api.openai.com/v1" }
                models:
                  - alias: fast
                    targets: [ { provider: openai, model: gpt-4o-mini } ]
                  - alias: smart
                    targets: [ { provider: opneai, model: gpt-4.1 } ]
                """);
        Process process = launch(work, "serve", "--config", config.toString());
        String out = finish(process);
        assertEquals(2, process.exitValue(), out);
        assertTrue(out.contains("models[1].targets[0].provider: unknown provider 'opneai'"), out);
    }

    @Test
    void should_exit_2_naming_the_entry_path_when_a_guardrail_option_is_refused(@TempDir Path work) throws Exception {
        Path config = work.resolve("bad-guardrail.yaml");
        Files.writeString(config, """
                providers:
                  - { id: openai, plugin: openai, base_url: "https://api.openai.com/v1" }
                models:
                  - alias: fast
                    targets: [ { provider: openai, model: gpt-4o-mini } ]
                    guardrails: [ { plugin: pii, on: [request], action: block } ]
                guardrails: [ { plugin: regx, on: [request] } ]
                """);
        Process process = launch(work, "serve", "--config", config.toString());
        String out = finish(process);
        assertEquals(2, process.exitValue(), out);
        assertTrue(out.contains("guardrails[0].plugin: no guardrail 'regx' is loaded (loaded: allowed_models,"), out);
        assertTrue(out.contains("models[0].guardrails[0].action: must be one of deny, redact, warn, got 'block'"), out);
    }

    @Test
    void should_serve_a_chat_completion_from_the_packaged_distribution(@TempDir Path work) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (MockUpstream mock = MockUpstream.start(MockOptions.defaults())) {
            Path config = work.resolve("caravan.yaml");
            Files.writeString(config, """
                    server: { host: 127.0.0.1, port: %d }
                    providers:
                      - { id: mock, plugin: openai, base_url: "%s" }
                    models:
                      - alias: fast
                        targets: [ { provider: mock, model: gpt-4o-mini } ]
                    keys:
                      - { name: dev, key: "sk-dist-test-key-000001", tenant: default }
                    """.formatted(port, mock.baseUrl()));
            Process server = launch(work, "serve");
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
                String line;
                String listening = null;
                StringBuilder seen = new StringBuilder();
                while (listening == null && (line = out.readLine()) != null) {
                    seen.append(line).append('\n');
                    if (line.startsWith("Caravan listening on ")) {
                        listening = line;
                    }
                }
                assertTrue(listening != null && listening.contains(":" + port), seen.toString());
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                        .header("authorization", "Bearer sk-dist-test-key-000001")
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), response.body());
                assertTrue(Files.isDirectory(work.resolve("data")), "embedded H2 lives under ./data");
                assertFalse(seen.toString().contains("sk-dist-test-key-000001"));
            } finally {
                server.destroy();
                server.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void should_answer_a_first_request_from_caravan_demo_with_no_provider_account(@TempDir Path work) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process demo = launch(work, "demo", "--port", String.valueOf(port));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("For real providers")) {
                seen.append(line).append('\n');
            }
            String printed = seen.toString();
            assertTrue(printed.contains("Caravan listening on http://127.0.0.1:" + port), printed);
            String curl = printed.lines().filter(l -> l.contains("Authorization: Bearer sk-caravan-demo-")).findFirst().orElseThrow();
            String key = curl.replaceAll(".*Bearer (sk-caravan-demo-[0-9]+).*", "$1");
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> chat = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                    .header("authorization", "Bearer " + key).header("content-type", "application/json")
                    .timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, chat.statusCode(), chat.body());
            assertTrue(chat.body().contains("\"chat.completion\""), chat.body());
            HttpResponse<String> messages = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/messages"))
                    .header("x-api-key", key).header("anthropic-version", "2023-06-01").header("content-type", "application/json")
                    .timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, messages.statusCode(), messages.body());
            assertTrue(Files.isDirectory(work.resolve("data/demo")), "the demo keeps its data apart, under ./data/demo");
        } finally {
            demo.destroy();
            demo.waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals(0, demo.exitValue(), "caravan demo drains and exits 0 on SIGTERM, like caravan serve");
    }
}
