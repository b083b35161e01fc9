package dev.caravan.platform.it;

import static dev.caravan.platform.it.TestGateway.KEY;
import static dev.caravan.platform.it.TestGateway.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file or audio part in a request a budget covers cannot be bounded by a reservation: 400 naming
 * the part, as OpenAI's {@code param} on OpenAI routes and in Anthropic's error shape on
 * {@code /v1/messages} (whose messages start with the field, as Anthropic's do).
 */
class BudgetUnestimablePartTest {

    private static final String MODELS = """
              - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
              - { alias: claude, targets: [ { provider: claude, model: claude-sonnet-4-5 } ] }
            """;
    private static final String SECTIONS = """
            admit: { plugins: [ budget-standard ] }
            budgets:
              - { name: dev-tokens, scope: { key: dev }, limit_tokens: 1000000, period: daily }
            """;

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        String providers = "- { id: claude, plugin: anthropic, base_url: \"" + mock.baseUrl() + "\", api_key: \"sk-ant-x\" }";
        gateway = TestGateway.startWithProviders(mock, tmp, providers, MODELS, SECTIONS);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    private static HttpResponse<String> chat(String part) {
        String body = "{\"model\":\"fast\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"Summarise this.\"}," + part + "]}]}";
        return gateway.post("/v1/chat/completions", body, "authorization", bearer(KEY), "content-type", "application/json");
    }

    @Test
    void should_answer_400_with_param_naming_the_part_when_a_budgeted_chat_request_carries_a_file() {
        HttpResponse<String> response = chat("{\"type\":\"file\",\"file\":{\"filename\":\"a.pdf\",\"file_data\":\"data:application/pdf;base64,JVBERi0=\"}}");

        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = TestGateway.json(response.body()).path("error");
        assertEquals("messages[0].content[1]", error.path("param").asText(), response.body());
        assertEquals("budget_unestimable", error.path("code").asText());
        assertEquals("invalid_request_error", error.path("type").asText());
        assertTrue(error.path("message").asText().contains("budget 'dev-tokens'"), response.body());
    }

    @Test
    void should_answer_400_with_param_naming_the_part_when_a_budgeted_chat_request_carries_audio() {
        HttpResponse<String> response = chat("{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"UklGRg==\",\"format\":\"wav\"}}");

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("messages[0].content[1]", TestGateway.json(response.body()).path("error").path("param").asText(), response.body());
    }

    @Test
    void should_answer_400_in_anthropic_shape_naming_the_part_when_a_budgeted_message_carries_a_pdf() {
        String body = "{\"model\":\"claude\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"Summarise this.\"},"
                + "{\"type\":\"document\",\"source\":{\"type\":\"base64\",\"media_type\":\"application/pdf\",\"data\":\"JVBERi0=\"}}]}]}";

        HttpResponse<String> response = gateway.post("/v1/messages", body, "x-api-key", KEY, "anthropic-version", "2023-06-01",
                "content-type", "application/json");

        assertEquals(400, response.statusCode(), response.body());
        JsonNode json = TestGateway.json(response.body());
        assertEquals("error", json.path("type").asText(), response.body());
        assertEquals("invalid_request_error", json.path("error").path("type").asText(), response.body());
        assertTrue(json.path("error").path("message").asText().startsWith("messages[0].content[1]: "), response.body());
    }
}
