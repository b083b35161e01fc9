package dev.caravan.platform.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.it.Poll;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the packaged distribution the way the container does: the Dockerfile's ENTRYPOINT (the
 * launcher) with the Deployment's args, the ConfigMap's caravan.yaml at the path {@code --config}
 * names (mapped into a temporary directory), the Secret's and the pod's environment. The pod's
 * PostgreSQL URL is replaced by an H2 file and the listener by loopback on a free port: the only
 * differences from the pod. {@code /ready} must answer 200, and the Secret's key must be served.
 */
class DeployManifestsIT {

    private static final Path DIST = Path.of(System.getProperty("caravan.dist", "target/caravan")).toAbsolutePath();

    @Test
    void should_serve_with_the_container_command_line_and_the_configmap_config(@TempDir Path work) throws Exception {
        DeployManifests m = DeployManifests.load();
        List<String> entrypoint = m.dockerExec("ENTRYPOINT");
        List<String> command = new ArrayList<>();
        command.add(DIST.resolve(Path.of("/opt/caravan").relativize(Path.of(entrypoint.get(0)))).toString());
        Path mounted = work.resolve("etc-caravan");
        for (String arg : m.podArgs()) {
            command.add(arg.startsWith("/etc/caravan/") ? mounted.resolve(arg.substring("/etc/caravan/".length())).toString() : arg);
        }
        Files.createDirectories(mounted);
        Files.writeString(mounted.resolve("caravan.yaml"), m.configMapFile("caravan.yaml"));
        int port = freePort();
        try (MockUpstream mock = MockUpstream.start(MockOptions.defaults())) {
            Map<String, String> env = m.podEnv();
            ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("out.log").toFile());
            builder.environment().putAll(env);
            builder.environment().put("CARAVAN_DB_URL", "jdbc:h2:file:" + work.resolve("data/caravan"));
            builder.environment().put("CARAVAN_DB_USER", "");
            builder.environment().put("CARAVAN_DB_PASSWORD", "");
            builder.environment().put("CARAVAN_HOST", "127.0.0.1");
            builder.environment().put("CARAVAN_PORT", String.valueOf(port));
            builder.environment().put("OPENAI_BASE_URL", mock.baseUrl().toString());
            Process process = builder.start();
            HttpClient client = HttpClient.newHttpClient();
            try {
                HttpResponse<String> ready = Poll.until(() -> get(client, port, "/ready"), r -> r != null && r.statusCode() == 200,
                        Duration.ofSeconds(60), () -> "no /ready 200:\n" + DeployManifests.read(work.resolve("out.log")));
                assertTrue(ready.body().contains("ready") || ready.statusCode() == 200, ready.body());
                assertEquals(200, get(client, port, "/health").statusCode());
                HttpResponse<String> chat = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                        .header("authorization", "Bearer " + env.get("CARAVAN_APP_KEY")).header("content-type", "application/json")
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, chat.statusCode(), chat.body());
                process.destroy();
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "no exit after SIGTERM");
                assertEquals(0, process.exitValue(), DeployManifests.read(work.resolve("out.log")));
                String log = DeployManifests.read(work.resolve("out.log"));
                for (String secret : List.of(env.get("CARAVAN_APP_KEY"), env.get("CARAVAN_ADMIN_TOKEN"), env.get("OPENAI_API_KEY"))) {
                    assertFalse(log.contains(secret), "a Secret value in the log");
                }
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
