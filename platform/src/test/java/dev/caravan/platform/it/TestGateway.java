package dev.caravan.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigLoader;
import dev.caravan.platform.server.Gateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real gateway for integration tests: real Netty listener, real routes from {@code routes/},
 * the bundled plugins loaded from the distribution's plugins folder, H2 in a temp folder, and the
 * project's mock upstream as provider.
 */
public final class TestGateway implements AutoCloseable {

    public static final String KEY = "sk-test-caravan-dev-0001";
    public static final String LIMITED_KEY = "sk-test-caravan-limited-0001";
    /** The admin token of {@link #startWithAdmin}; the other set-ups leave the admin API disabled. */
    public static final String ADMIN_TOKEN = "adm-test-caravan-0123456789";
    public static final ObjectMapper JSON = new ObjectMapper();

    private final Gateway gateway;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TestGateway(Gateway gateway) {
        this.gateway = gateway;
    }

    /** The standard test set-up: aliases fast (mock), slowpoke (300 ms timeout), nowhere (closed port). */
    public static TestGateway start(MockUpstream mock, Path tmp) {
        return start(mock, tmp, routesDir(), h2(tmp), "false");
    }

    /** The standard set-up with the admin API enabled ({@link #ADMIN_TOKEN}). */
    public static TestGateway startWithAdmin(MockUpstream mock, Path tmp) {
        return start(mock, tmp, routesDir(), h2(tmp), "false", ADMIN_TOKEN);
    }

    /** The standard set-up on another database, e.g. {@code jdbc:postgresql://...}. */
    public static TestGateway startOn(MockUpstream mock, Path tmp, String jdbcUrl, String user) {
        return start(mock, tmp, routesDir(), "{ url: \"" + jdbcUrl + "\", user: \"" + user + "\" }", "false");
    }

    /** {@link #startWithModels} on another database, e.g. {@code jdbc:postgresql://...}. */
    public static TestGateway startOnWithModels(MockUpstream mock, Path tmp, String jdbcUrl, String user, String models,
            String extraSections) {
        return start(mock, tmp, routesDir(), "{ url: \"" + jdbcUrl + "\", user: \"" + user + "\" }", "false", "", models,
                extraSections);
    }

    private static String h2(Path tmp) {
        return "{ url: \"jdbc:h2:file:" + tmp + "/db/caravan\" }";
    }

    public static TestGateway startWithReload(MockUpstream mock, Path tmp, Path routes) {
        return start(mock, tmp, routes, h2(tmp), "true");
    }

    public static TestGateway start(MockUpstream mock, Path tmp, Path routes) {
        return start(mock, tmp, routes, h2(tmp), "false");
    }

    private static TestGateway start(MockUpstream mock, Path tmp, Path routes, String storage, String reload) {
        return start(mock, tmp, routes, storage, reload, "");
    }

    /** {@link #startWithModels} with the admin API enabled ({@link #ADMIN_TOKEN}). */
    public static TestGateway startWithModelsAndAdmin(MockUpstream mock, Path tmp, String models, String extraSections) {
        return start(mock, tmp, routesDir(), h2(tmp), "false", ADMIN_TOKEN, models, extraSections);
    }

    /**
     * {@link #startWithModelsAndAdmin} on the database of {@code storage}, a {@code storage:} flow
     * mapping such as {@code { url: "jdbc:postgresql://…", user: postgres }}.
     */
    public static TestGateway startOnWithModelsAndAdmin(MockUpstream mock, Path tmp, String storage, String models, String extraSections) {
        return start(mock, tmp, routesDir(), storage, "false", ADMIN_TOKEN, models, extraSections);
    }

    /** A gateway from a whole config file's text, for tests that need their own keys; {@code tmp} resolves relative paths. */
    public static TestGateway startFromYaml(String yaml, Path tmp) {
        return new TestGateway(Gateway.start(ConfigLoader.fromYaml(yaml, Map.of(), tmp)));
    }

    /** The standard providers and keys with {@code models} (YAML list items) and extra top-level sections. */
    public static TestGateway startWithModels(MockUpstream mock, Path tmp, String models, String extraSections) {
        return start(mock, tmp, routesDir(), h2(tmp), "false", "", models, extraSections);
    }

    private static TestGateway start(MockUpstream mock, Path tmp, Path routes, String storage, String reload, String adminToken) {
        // Error tests call the same target again and again; a breaker that opened on them would
        // turn every later test's request into a 503 (breakers are tested in RoutingTest).
        return start(mock, tmp, routes, storage, reload, adminToken, STANDARD_MODELS, "breaker: { window: 10000, minimum_calls: 10000 }");
    }

    private static final String STANDARD_MODELS = """
              - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
              - { alias: slowpoke, targets: [ { provider: slow, model: gpt-4o-mini } ] }
              - { alias: nowhere, targets: [ { provider: down, model: gpt-4o-mini } ] }
            """;

    private static TestGateway start(MockUpstream mock, Path tmp, Path routes, String storage, String reload, String adminToken,
            String models, String extraSections) {
        return start(mock, tmp, routes, storage, reload, adminToken, models, extraSections, pluginsDir(), "");
    }

    /**
     * The standard set-up with another plugins folder (e.g. one holding a third-party plugin jar),
     * {@code extraProvider} (one YAML list item, or empty) after the standard providers, and {@code models}.
     */
    public static TestGateway startWithPlugins(MockUpstream mock, Path tmp, Path plugins, String extraProvider, String models) {
        return start(mock, tmp, routesDir(), h2(tmp), "false", "", models, "", plugins, extraProvider);
    }

    /**
     * The standard providers plus {@code extraProviders} (YAML list items, one per line, without
     * indentation), {@code models} and extra top-level sections.
     */
    public static TestGateway startWithProviders(MockUpstream mock, Path tmp, String extraProviders, String models, String extraSections) {
        return start(mock, tmp, routesDir(), h2(tmp), "false", "", models, extraSections, pluginsDir(), extraProviders);
    }

    /** {@link #startWithProviders} with the admin API enabled ({@link #ADMIN_TOKEN}). */
    public static TestGateway startWithProvidersAndAdmin(MockUpstream mock, Path tmp, String extraProviders, String models, String extraSections) {
        return start(mock, tmp, routesDir(), h2(tmp), "false", ADMIN_TOKEN, models, extraSections, pluginsDir(), extraProviders);
    }

    /** The standard providers and keys, another plugins folder, {@code models} and extra top-level sections. */
    public static TestGateway startWithPluginsAndSections(MockUpstream mock, Path tmp, Path plugins, String models, String extraSections) {
        return start(mock, tmp, routesDir(), h2(tmp), "false", "", models, extraSections, plugins, "");
    }

    /**
     * The standard providers with another plugins folder, {@code models}, extra top-level sections, and
     * {@code devKeyExtra} (flow-mapping entries such as {@code guardrails: [...]}) added to the {@code dev} key.
     */
    public static TestGateway startWithSections(MockUpstream mock, Path tmp, Path plugins, String models, String devKeyExtra,
            String extraSections) {
        return start(mock, tmp, routesDir(), h2(tmp), "false", "", models, extraSections, plugins, "", devKeyExtra);
    }

    private static TestGateway start(MockUpstream mock, Path tmp, Path routes, String storage, String reload, String adminToken,
            String models, String extraSections, Path plugins, String extraProviders) {
        return start(mock, tmp, routes, storage, reload, adminToken, models, extraSections, plugins, extraProviders, "");
    }

    private static TestGateway start(MockUpstream mock, Path tmp, Path routes, String storage, String reload, String adminToken,
            String models, String extraSections, Path plugins, String extraProviders, String devKeyExtra) {
        // Two ports at once: picked one after the other, the kernel may hand out the same port twice,
        // and provider 'down' would then be this gateway itself (answering 401, not 502).
        int[] ports = freePorts(2);
        String yaml = """
                server: { host: 127.0.0.1, port: %d, io_threads: 2, max_body_bytes: 65536 }
                storage: %s
                admin: { token: "%s" }
                routes: { dir: "%s", reload: %s }
                plugins: { dir: "%s" }
                receipts: { spill_file: "%s/spill.jsonl", flush_interval_ms: 20 }
                providers:
                  - { id: mock, plugin: openai, base_url: "%s", api_key: "sk-upstream-secret-123" }
                  - { id: slow, plugin: openai, base_url: "%s", timeout_ms: 300 }
                  - { id: down, plugin: openai, base_url: "http://127.0.0.1:%d/v1" }
                  %s
                models:
                %s
                keys:
                  - { name: dev, key: "%s", tenant: acme %s }
                  - { name: limited, key: "%s", tenant: acme, models: [ fast ] }
                %s
                """.formatted(ports[0], storage, adminToken, routes, reload, plugins, tmp, mock.baseUrl(), mock.baseUrl(),
                ports[1], extraProviders.strip().replace("\n", "\n  "), models.stripTrailing(), KEY, devKeyExtra.isEmpty() ? "" : ", " + devKeyExtra,
                LIMITED_KEY, extraSections);
        CaravanConfig config = ConfigLoader.fromYaml(yaml, Map.of(), tmp);
        return new TestGateway(Gateway.start(config));
    }

    /** A copy of the shipped route files (not the examples) in {@code dir}, to edit in a test. */
    public static Path copyOfShippedRoutes(Path dir) {
        try {
            Files.createDirectories(dir);
            for (Path file : dev.caravan.platform.server.RouteFiles.list(routesDir())) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Path routesDir() {
        return Path.of(System.getProperty("caravan.test.routes", "../routes")).toAbsolutePath().normalize();
    }

    public static Path pluginsDir() {
        return Path.of(System.getProperty("caravan.test.plugins", "target/caravan/plugins")).toAbsolutePath().normalize();
    }

    public static int freePort() {
        return freePorts(1)[0];
    }

    /** {@code count} distinct ports that were free a moment ago (all held open together while picked). */
    public static int[] freePorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // held only to learn its port: nothing to recover
            }
        }
    }

    public Gateway gateway() {
        return gateway;
    }

    public URI baseUrl() {
        return gateway.baseUrl();
    }

    public OpenAIClient openai(String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl() + "/v1")
                .apiKey(key)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    public HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl().resolve(path))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(request, headers);
    }

    /** Any method; {@code body} null for none. */
    public HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl().resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(request, headers);
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(baseUrl().resolve(path)).timeout(Duration.ofSeconds(20)).GET(), headers);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        // The request timeout only covers the response head; bound the whole body too, so a
        // stream that never ends fails its test instead of hanging the build.
        try {
            return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? new UncheckedIOException(io) : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no complete response within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String bearer(String key) {
        return "Bearer " + key;
    }

    /** The receipt of {@code traceId} as the API returns it to {@code key}. */
    public JsonNode receipt(String traceId, String key) {
        HttpResponse<String> response = get("/v1/receipts/" + traceId, "authorization", bearer(key));
        if (response.statusCode() != 200) {
            throw new AssertionError("receipt " + traceId + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return json(response.body());
    }

    /** Polls for a receipt: streams record theirs after the last byte, possibly after the client is done. */
    public JsonNode receiptEventually(String traceId, String key) {
        HttpResponse<String> response = Poll.until(() -> get("/v1/receipts/" + traceId, "authorization", bearer(key)),
                r -> r.statusCode() == 200, Duration.ofSeconds(10), () -> "no receipt for " + traceId);
        return json(response.body());
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        gateway.close();
    }
}
