package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.caravan.platform.config.ConfigLoader;
import dev.caravan.platform.server.Gateway;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled provider-gemini plugin behind the real gateway: an OpenAI client calls an alias whose
 * target is a Gemini provider, and a local HTTP server answers as the Gemini API does, with the
 * plugin's recorded fixtures (written from Google's API reference). Proves the URL, the key header,
 * and that answers, streams and errors reach the client in OpenAI's shapes.
 */
class GeminiProviderTest {

    private static final String GEMINI_KEY = "AIzaSyD-test-0123456789abcdefghijklmnop";
    private static final Path FIXTURES = Path.of("../plugins/provider-gemini/src/test/resources/fixtures");

    @TempDir
    static Path tmp;
    static HttpServer gemini;
    static Gateway gateway;
    static final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A request the Gemini stand-in received. */
    record Seen(String path, String query, String apiKey, JsonNode body) {}

    @BeforeAll
    static void start() throws IOException {
        gemini = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gemini.createContext("/v1beta/models/", GeminiProviderTest::answer);
        gemini.start();
        String yaml = """
                server: { host: 127.0.0.1, port: %d, io_threads: 2 }
                storage: { url: "jdbc:h2:file:%s/db/caravan" }
                routes: { dir: "%s" }
                plugins: { dir: "%s" }
                receipts: { spill_file: "%s/spill.jsonl", flush_interval_ms: 20 }
                providers:
                  - { id: google, plugin: gemini, base_url: "http://127.0.0.1:%d/v1beta", api_key: "%s" }
                models:
                  - { alias: flash, targets: [ { provider: google, model: gemini-2.5-flash } ] }
                  - { alias: throttled, targets: [ { provider: google, model: gemini-throttled } ] }
                keys:
                  - { name: dev, key: "%s", tenant: acme }
                breaker: { window: 10000, minimum_calls: 10000 }
                """.formatted(TestGateway.freePort(), tmp, TestGateway.routesDir(), TestGateway.pluginsDir(), tmp,
                gemini.getAddress().getPort(), GEMINI_KEY, TestGateway.KEY);
        gateway = Gateway.start(ConfigLoader.fromYaml(yaml, Map.of(), tmp));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        gemini.stop(0);
    }

    @Test
    void should_answer_an_openai_client_from_gemini_when_the_alias_targets_a_gemini_provider() {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl() + "/v1").apiKey(TestGateway.KEY)
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build();

        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("flash").addSystemMessage("Be brief.").addUserMessage("Capital of France?").build());

        assertEquals("The capital of France is Paris.", completion.choices().get(0).message().content().orElseThrow());
        assertEquals(116, completion.usage().orElseThrow().completionTokens());
        Seen request = last("/v1beta/models/gemini-2.5-flash:generateContent");
        assertEquals(GEMINI_KEY, request.apiKey());
        assertEquals("Be brief.", request.body().path("systemInstruction").path("parts").get(0).path("text").asText());
    }

    @Test
    void should_stream_openai_chunks_and_record_usage_when_gemini_streams() {
        HttpResponse<String> response = post("{\"model\":\"flash\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        List<String> data = response.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("alt=sse", last("/v1beta/models/gemini-2.5-flash:streamGenerateContent").query());
        assertEquals("Hello! How can I help you today?", data.stream().filter(d -> !d.equals("[DONE]"))
                .map(d -> TestGateway.json(d).path("choices").path(0).path("delta").path("content").asText(""))
                .reduce("", String::concat));
        assertEquals("[DONE]", data.get(data.size() - 1));
        assertEquals(58, TestGateway.json(data.get(data.size() - 2)).path("usage").path("completion_tokens").asInt());
        String traceId = response.headers().firstValue("x-caravan-trace-id").orElseThrow();
        JsonNode receipt = receiptEventually(traceId);
        assertEquals(48, receipt.path("reasoning_tokens").asInt(), receipt.toString());
    }

    @Test
    void should_return_an_openai_rate_limit_error_without_the_key_when_gemini_is_exhausted() {
        HttpResponse<String> response = post("{\"model\":\"throttled\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertEquals(429, response.statusCode(), response.body());
        JsonNode error = TestGateway.json(response.body()).path("error");
        assertEquals("rate_limit_error", error.path("type").asText(), response.body());
        assertTrue(error.path("message").asText().startsWith("You exceeded your current quota"), response.body());
        assertFalse(response.body().contains(GEMINI_KEY));
    }

    @Test
    void should_refuse_with_400_naming_the_field_when_the_request_cannot_be_sent_to_gemini() {
        HttpResponse<String> response = post("{\"model\":\"flash\",\"logit_bias\":{\"50256\":-100},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("logit_bias", TestGateway.json(response.body()).path("error").path("param").asText(), response.body());
    }

    /** Answers as the Gemini API does, from the plugin's fixtures. */
    private static void answer(HttpExchange exchange) throws IOException {
        JsonNode body = TestGateway.JSON.readTree(exchange.getRequestBody());
        URI uri = exchange.getRequestURI();
        seen.add(new Seen(uri.getPath(), uri.getQuery(), exchange.getRequestHeaders().getFirst("x-goog-api-key"), body));
        if (uri.getPath().contains("gemini-throttled")) {
            reply(exchange, 429, "application/json", "error-429-resource-exhausted.json");
        } else if (uri.getPath().endsWith(":streamGenerateContent")) {
            reply(exchange, 200, "text/event-stream", "stream-text-with-thoughts.sse");
        } else {
            reply(exchange, 200, "application/json", "generate-content-response.json");
        }
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String fixture) throws IOException {
        byte[] bytes = Files.readAllBytes(FIXTURES.resolve(fixture));
        exchange.getResponseHeaders().add("content-type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Seen last(String path) {
        return seen.stream().filter(s -> s.path().equals(path)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("Gemini saw no request to " + path + ": " + seen));
    }

    private static HttpResponse<String> post(String body) {
        return send(HttpRequest.newBuilder(gateway.baseUrl().resolve("/v1/chat/completions"))
                .header("authorization", TestGateway.bearer(TestGateway.KEY)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode receiptEventually(String traceId) {
        HttpResponse<String> response = Poll.until(() -> send(HttpRequest.newBuilder(gateway.baseUrl().resolve("/v1/receipts/" + traceId))
                        .header("authorization", TestGateway.bearer(TestGateway.KEY)).GET()),
                r -> r.statusCode() == 200, Duration.ofSeconds(10), () -> "no receipt for " + traceId);
        return TestGateway.json(response.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.sendAsync(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString())
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
