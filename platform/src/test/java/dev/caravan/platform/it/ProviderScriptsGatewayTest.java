package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.config.ConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provider scripts ({@code policies/providers/*.groovy}, {@code plugin: script:<name>}) through the
 * real gateway and the official openai-java client, against a small HTTP server in this test that
 * speaks its own format (the shipped {@code inhouse-textgen} example's): a plain answer, a
 * line-delimited stream, a translated upstream error, usage and cost in the receipt; a script that
 * loops forever or throws is a 502 naming only the script; a missing or escaping script stops
 * start-up naming {@code providers[i].plugin}.
 */
class ProviderScriptsGatewayTest {

    static final String HOUSE_KEY = "sk-house-secret-000111222";
    static final String VERSIONED = """
            prepare { call -> request(path: '/generate', body: [prompt: call.prompt]) }
            response { body, call -> reply(text: 'VERSION ' + body.generated_text) }
            """;

    @TempDir
    static Path tmp;
    static HttpServer house;
    static final List<String> seen = new CopyOnWriteArrayList<>();
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        house = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        house.createContext("/generate", ProviderScriptsGatewayTest::generate);
        house.createContext("/generate_stream", ProviderScriptsGatewayTest::generateStream);
        house.start();
        Path providers = Files.createDirectories(tmp.resolve("policies/providers"));
        Files.copy(Path.of(System.getProperty("caravan.test.policies", "../policies"), "examples", "providers", "inhouse-textgen.groovy"),
                providers.resolve("inhouse-textgen.groovy"));
        Files.writeString(providers.resolve("spin.groovy"), """
                prepare { call -> while (true) { } }
                response { body, call -> reply(text: 'never') }
                """);
        Files.writeString(providers.resolve("leaky.groovy"), """
                prepare { call -> throw new IllegalStateException('cannot send ' + call.prompt) }
                response { body, call -> reply(text: 'never') }
                """);
        // Groovy reads private fields by name: the call a script gets must hold nothing that leads to the key.
        Files.writeString(providers.resolve("thief.groovy"), """
                prepare { call -> request(path: '/generate', body: [prompt: 'key ' + call.call.provider().apiKey().reveal()]) }
                response { body, call -> reply(text: body.generated_text) }
                """);
        Files.writeString(providers.resolve("broken-answers.groovy"), """
                prepare { call -> request(path: call.stream ? '/generate_stream' : '/generate', body: [prompt: call.prompt]) }
                response { body, call -> 'not a reply' }
                streamFormat 'lines'
                streamEvent { event, call -> event.done ? finish() : delta(event.token.nope.deeper) }
                """);
        Files.writeString(providers.resolve("versioned.groovy"), VERSIONED.replace("VERSION", "v1"));
        mock = MockUpstream.start(MockOptions.defaults());
        String base = "http://127.0.0.1:" + house.getAddress().getPort();
        gateway = TestGateway.startWithProvidersAndAdmin(mock, tmp, """
                - { id: textgen, plugin: "script:inhouse-textgen", base_url: "%s", api_key: "%s" }
                - { id: spin, plugin: "script:spin", base_url: "%s" }
                - { id: leaky, plugin: "script:leaky", base_url: "%s" }
                - { id: thief, plugin: "script:thief", base_url: "%s", api_key: "%s" }
                - { id: broken, plugin: "script:broken-answers", base_url: "%s" }
                - { id: versioned, plugin: "script:versioned", base_url: "%s" }
                """.formatted(base, HOUSE_KEY, base, base, base, HOUSE_KEY, base, base), """
                  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                  - { alias: house, targets: [ { provider: textgen, model: house-7b } ] }
                  - { alias: spin, targets: [ { provider: spin, model: house-7b } ] }
                  - { alias: leaky, targets: [ { provider: leaky, model: house-7b } ] }
                  - { alias: thief, targets: [ { provider: thief, model: house-7b } ] }
                  - { alias: broken, targets: [ { provider: broken, model: house-7b } ] }
                  - { alias: versioned, targets: [ { provider: versioned, model: house-7b } ] }
                """, """
                policies: { dir: "%s", timeout_ms: 500 }
                pricing:
                  - { provider: textgen, model: house-7b, input_per_mtok: "1000", output_per_mtok: "2000" }
                breaker: { window: 10000, minimum_calls: 10000 }
                """.formatted(tmp.resolve("policies")));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (mock != null) {
            mock.close();
        }
        house.stop(0);
    }

    /** {"prompt", "max_new_tokens"} -> {"generated_text", "tokens_in", "tokens_out"}; "overload" or "leak" in the prompt: an error. */
    static void generate(HttpExchange exchange) throws IOException {
        JsonNode body = TestGateway.json(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        seen.add(exchange.getRequestHeaders().getFirst("authorization") + " " + body);
        String prompt = body.path("prompt").asText();
        if (prompt.contains("overload")) {
            send(exchange, 503, "{\"error\":\"queue full\",\"kind\":\"overloaded\"}");
        } else if (prompt.contains("leak")) {
            send(exchange, 400, "{\"error\":\"bad key " + HOUSE_KEY + "\",\"kind\":\"bad_request\"}");
        } else {
            send(exchange, 200, "{\"generated_text\":\"Hello from the house model\",\"tokens_in\":7,\"tokens_out\":3}");
        }
    }

    /** The same body -> one JSON object per line, the last with the usage. */
    static void generateStream(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("content-type", "application/x-ndjson");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (String line : List.of("{\"token\":\"Hel\"}", "{\"token\":\"lo \"}", "{\"token\":\"house\"}",
                    "{\"done\":true,\"tokens_in\":7,\"tokens_out\":3}")) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static ChatCompletionCreateParams.Builder ask(String alias, String text) {
        return ChatCompletionCreateParams.builder().model(alias).maxCompletionTokens(64).addUserMessage(text);
    }

    static JsonNode receiptOf(String traceId) {
        return gateway.receiptEventually(traceId, TestGateway.KEY);
    }

    @Test
    void should_answer_through_the_script_with_usage_and_cost_when_the_client_asks_plainly() {
        ChatCompletion completion = gateway.openai(TestGateway.KEY).chat().completions().create(ask("house", "Say hello").build());

        assertEquals("Hello from the house model", completion.choices().get(0).message().content().orElseThrow());
        assertEquals(7, completion.usage().orElseThrow().promptTokens());
        assertEquals(3, completion.usage().orElseThrow().completionTokens());
        String request = seen.stream().filter(s -> s.contains("Say hello")).findFirst().orElseThrow();
        assertTrue(request.startsWith("Bearer " + HOUSE_KEY + " "), request); // the platform put the key in, not the script
        assertTrue(request.contains("\"prompt\":\"user: Say hello\"") && request.contains("\"max_new_tokens\":64")
                && request.contains("\"model\":\"house-7b\""), request);
        JsonNode receipt = receiptOf(completion.id().substring("chatcmpl-".length()));
        assertEquals(7, receipt.get("prompt_tokens").asInt(), receipt.toString());
        assertEquals(3, receipt.get("completion_tokens").asInt(), receipt.toString());
        assertEquals(0, new BigDecimal("0.013").compareTo(new BigDecimal(receipt.get("cost_usd").asText())), receipt.toString());
        assertEquals("textgen/house-7b", receipt.get("served_by").asText(), receipt.toString());
    }

    @Test
    void should_stream_the_line_delimited_answer_as_chat_chunks_with_usage() {
        ChatCompletionCreateParams params = ask("house", "Stream hello")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = gateway.openai(TestGateway.KEY).chat().completions().createStreaming(params)) {
            chunks = stream.stream().collect(Collectors.toList());
        }
        String text = chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse("")).collect(Collectors.joining());
        assertEquals("Hello house", text);
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertEquals(7, last.usage().orElseThrow().promptTokens());
        assertEquals(3, last.usage().orElseThrow().completionTokens());
        assertTrue(chunks.stream().flatMap(c -> c.choices().stream()).anyMatch(c -> c.finishReason().isPresent()), chunks.toString());
        JsonNode receipt = receiptOf(chunks.get(0).id().substring("chatcmpl-".length()));
        assertEquals(3, receipt.get("completion_tokens").asInt(), receipt.toString());
        assertEquals(0, new BigDecimal("0.013").compareTo(new BigDecimal(receipt.get("cost_usd").asText())), receipt.toString());
    }

    @Test
    void should_translate_the_upstream_error_when_the_server_is_overloaded() {
        OpenAIServiceException e = assertThrows(OpenAIServiceException.class,
                () -> gateway.openai(TestGateway.KEY).chat().completions().create(ask("house", "please overload").build()));
        assertEquals(503, e.statusCode());
        assertEquals("upstream_overloaded", e.code().orElseThrow());
        assertTrue(e.getMessage().contains("The model server is overloaded; retry later."), e.getMessage());
    }

    @Test
    void should_mask_the_provider_key_when_the_translated_error_quotes_it() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"house\",\"messages\":[{\"role\":\"user\",\"content\":\"leak it\"}]}", "authorization", TestGateway.bearer(TestGateway.KEY));
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("The model server refused the request: bad key"), response.body());
        assertFalse(response.body().contains(HOUSE_KEY), response.body());
    }

    @Test
    void should_answer_502_naming_the_script_when_it_runs_past_its_time_limit() {
        InternalServerException e = assertThrows(InternalServerException.class,
                () -> gateway.openai(TestGateway.KEY).chat().completions().create(ask("spin", "hi").build()));
        assertEquals(502, e.statusCode());
        assertEquals("provider_script_error", e.code().orElseThrow());
        assertTrue(e.getMessage().contains("Provider script 'providers/spin' failed (timed out after 500 ms)"), e.getMessage());
    }

    @Test
    void should_answer_502_without_the_scripts_message_when_it_throws() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                "dev.caravan.platform.policy.script.ScriptProviderTranslator");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        HttpResponse<String> response;
        try {
            response = gateway.post("/v1/chat/completions",
                    "{\"model\":\"leaky\",\"messages\":[{\"role\":\"user\",\"content\":\"my secret plan\"}]}",
                    "authorization", TestGateway.bearer(TestGateway.KEY));
        } finally {
            logger.detachAppender(logged);
        }
        assertEquals(502, response.statusCode(), response.body());
        assertEquals("Provider script 'providers/leaky' failed (script error); the request was not answered.",
                TestGateway.json(response.body()).get("error").get("message").asText(), response.body());
        assertFalse(response.body().contains("secret plan"), response.body());
        String warning = logged.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("providers/leaky")).findFirst().orElseThrow(() -> new AssertionError("no warning: " + logged.list));
        assertTrue(warning.contains("IllegalStateException at line 1"), warning);
        assertFalse(warning.contains("secret plan"), warning); // the script's message quoted the prompt
    }

    @Test
    void should_refuse_a_script_that_reaches_for_the_provider_key_behind_the_call() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"thief\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "authorization", TestGateway.bearer(TestGateway.KEY));
        assertEquals(502, response.statusCode(), response.body());
        assertTrue(seen.stream().noneMatch(s -> s.contains("key " + HOUSE_KEY)), seen.toString());
    }

    @Test
    void should_answer_502_when_the_response_handler_returns_no_reply() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"broken\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "authorization", TestGateway.bearer(TestGateway.KEY));
        assertEquals(502, response.statusCode(), response.body());
        assertEquals("provider_script_error", TestGateway.json(response.body()).get("error").get("code").asText(), response.body());
    }

    @Test
    void should_end_the_stream_with_an_error_event_when_the_stream_handler_fails() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"broken\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "authorization", TestGateway.bearer(TestGateway.KEY));
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"error\""), response.body());
        assertFalse(response.body().contains("[DONE]"), response.body());
    }

    @Test
    void should_run_the_edited_script_without_restart_and_keep_the_last_good_one_when_an_edit_is_broken() throws IOException {
        Path file = tmp.resolve("policies/providers/versioned.groovy");
        Files.writeString(file, VERSIONED.replace("VERSION", "v2"));
        Poll.until(() -> gateway.openai(TestGateway.KEY).chat().completions().create(ask("versioned", "hi").build())
                .choices().get(0).message().content().orElse(""), text -> text.startsWith("v2 "), java.time.Duration.ofSeconds(10),
                () -> "the edit did not apply");
        Files.writeString(file, "prepare { call -> ");
        Poll.until(() -> script("providers/versioned").get("status").asText(), "failed"::equals, java.time.Duration.ofSeconds(10),
                () -> "the broken edit was not noticed");
        assertTrue(gateway.openai(TestGateway.KEY).chat().completions().create(ask("versioned", "hi").build())
                .choices().get(0).message().content().orElse("").startsWith("v2 "));
    }

    static JsonNode script(String id) {
        JsonNode list = TestGateway.json(gateway.get("/admin/v1/policies", "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN)).body());
        return StreamSupport.stream(list.get("data").spliterator(), false).filter(s -> s.get("id").asText().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no script " + id + " in " + list));
    }

    @Test
    void should_list_provider_scripts_with_their_kind() {
        JsonNode house = script("providers/inhouse-textgen");
        assertEquals("provider", house.get("kind").asText());
        assertEquals("active", house.get("status").asText());
    }

    @Test
    void should_stop_start_up_naming_the_entry_when_a_provider_script_is_missing_or_escapes(@TempDir Path other) throws IOException {
        Path dir = Files.createDirectories(other.resolve("policies/providers"));
        Files.writeString(dir.resolve("escape.groovy"), """
                prepare { call -> new File('/etc/passwd').text; request(path: '/x') }
                response { body, call -> reply(text: '') }
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> TestGateway.startWithProviders(mock, other, """
                - { id: gone, plugin: "script:nope", base_url: "http://127.0.0.1:9" }
                - { id: escape, plugin: "script:escape", base_url: "http://127.0.0.1:9" }
                """, "  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }",
                "policies: { dir: \"%s\" }".formatted(other.resolve("policies"))));
        assertTrue(e.getMessage().contains("providers[3].plugin: no provider script 'nope' (expected the file " + dir.resolve("nope.groovy") + ")"),
                e.getMessage());
        assertTrue(e.getMessage().contains("providers[4].plugin: provider script " + dir.resolve("escape.groovy") + " does not load: "),
                e.getMessage());
    }

    @Test
    void should_show_the_shipped_example_in_the_docs_as_this_test_runs_it() throws IOException {
        String example = Files.readString(Path.of(System.getProperty("caravan.test.policies", "../policies"), "examples", "providers",
                "inhouse-textgen.groovy"));
        String code = example.substring(example.indexOf("prepare { call ->")).strip();
        assertTrue(Files.readString(Path.of("../docs/providers.md")).contains(code), "docs/providers.md does not show:\n" + code);
    }
}
