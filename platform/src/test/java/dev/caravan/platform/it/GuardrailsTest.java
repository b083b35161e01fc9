package dev.caravan.platform.it;

import static dev.caravan.platform.it.GuardrailChats.chat;
import static dev.caravan.platform.it.GuardrailChats.dataLines;
import static dev.caravan.platform.it.GuardrailChats.streamedText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guardrails through the real gateway, the bundled guardrails-basic plugin and the mock upstream:
 * request deny / redact / warn, answer deny / warn (complete and streamed), and the binding of
 * guardrail lists to the whole gateway, a tenant, a key and an alias.
 */
class GuardrailsTest {

    private static final String MODELS = """
              - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
              - alias: strict
                targets: [ { provider: mock, model: gpt-4o-mini } ]
                guardrails: [ { plugin: regex, on: [request], words: [kiwi], action: deny } ]
            """;
    private static final String DEV_KEY = "guardrails: [ { plugin: regex, on: [request], words: [mango], action: deny } ]";
    private static final String SECTIONS = """
            guardrails_stream_check_chars: 10
            guardrails:
              - { plugin: regex, on: [request, response], patterns: ["(?i)project falcon"], action: deny }
              - { plugin: pii, on: [request], detectors: [email], action: redact }
              - { plugin: regex, on: [request, response], words: [papaya], action: warn }
            tenants:
              - { id: acme, guardrails: [ { plugin: regex, on: [request], words: [banana], action: deny } ] }
              - { id: other, guardrails: [ { plugin: regex, on: [request], words: [cherry], action: deny } ] }
            """;

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithSections(mock, tmp, TestGateway.pluginsDir(), MODELS, DEV_KEY, SECTIONS);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    private static HttpResponse<String> post(String key, String body) {
        return gateway.post("/v1/chat/completions", body, "authorization", TestGateway.bearer(key), "content-type", "application/json");
    }

    private static List<JsonNode> decisions(HttpResponse<String> response, String key, String stage) {
        JsonNode receipt = gateway.receiptEventually(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), key);
        return StreamSupport.stream(receipt.path("decisions").spliterator(), false)
                .filter(d -> d.path("stage").asText().equals(stage)).toList();
    }

    private static JsonNode decision(HttpResponse<String> response, String stage, String id, String outcome) {
        return decisions(response, TestGateway.KEY, stage).stream()
                .filter(d -> d.path("id").asText().equals(id) && d.path("outcome").asText().equals(outcome))
                .findFirst().orElseThrow(() -> new AssertionError("no " + stage + " " + id + " " + outcome + " decision"));
    }

    @Test
    void should_answer_446_naming_the_guardrail_and_not_call_upstream_when_a_request_is_denied() {
        long before = mock.requestCount();

        HttpResponse<String> response = post(TestGateway.KEY, chat("fast", "Tell me about Project Falcon.", "", false));

        assertEquals(446, response.statusCode());
        JsonNode error = TestGateway.json(response.body()).path("error");
        assertEquals("guardrail_violation", error.path("type").asText());
        assertEquals("guardrail_denied", error.path("code").asText());
        assertEquals("regex", error.path("guardrail").path("id").asText());
        assertEquals("request", error.path("guardrail").path("phase").asText());
        assertEquals("The request was blocked by guardrail 'regex': found pattern_1=1", error.path("message").asText());
        assertEquals(before, mock.requestCount());
        assertEquals("found pattern_1=1 (guardrails[0])", decision(response, "guardrail:request", "regex", "deny").path("detail").asText());
    }

    @Test
    void should_answer_446_in_anthropics_error_shape_when_a_messages_request_is_denied() {
        HttpResponse<String> response = gateway.post("/v1/messages",
                "{\"model\":\"fast\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"Tell me about Project Falcon.\"}]}",
                "x-api-key", TestGateway.KEY, "anthropic-version", "2023-06-01", "content-type", "application/json");

        assertEquals(446, response.statusCode(), response.body());
        JsonNode body = TestGateway.json(response.body());
        assertEquals("error", body.path("type").asText());
        assertEquals("guardrail_violation", body.at("/error/type").asText());
        assertEquals("regex", body.at("/error/guardrail/id").asText());
    }

    @Test
    void should_send_the_masked_body_upstream_when_a_guardrail_redacts_the_request() {
        HttpResponse<String> response = post(TestGateway.KEY, chat("fast", "Write to jane.doe@example.com today.", "", false));

        assertEquals(200, response.statusCode());
        assertEquals("Write to [EMAIL] today.", mock.lastRequest().path("messages").path(0).path("content").asText());
        assertEquals("redacted email=1 (guardrails[1])", decision(response, "guardrail:request", "pii", "redact").path("detail").asText());
    }

    @Test
    void should_forward_the_request_unchanged_and_record_it_when_a_guardrail_warns() {
        HttpResponse<String> response = post(TestGateway.KEY, chat("fast", "Is papaya sweet?", "", false));

        assertEquals(200, response.statusCode());
        assertEquals("Is papaya sweet?", mock.lastRequest().path("messages").path(0).path("content").asText());
        decision(response, "guardrail:request", "regex", "warn");
    }

    @Test
    void should_record_every_check_run_in_order_when_nothing_is_found() {
        HttpResponse<String> response = post(TestGateway.KEY, chat("fast", "Hello there", "", false));

        assertEquals(200, response.statusCode());
        List<String> checks = decisions(response, TestGateway.KEY, "guardrail:request").stream()
                .map(d -> d.path("id").asText() + " " + d.path("outcome").asText() + " " + d.path("detail").asText()).toList();
        assertEquals(List.of("regex pass (guardrails[0])", "pii pass (guardrails[1])", "regex pass (guardrails[2])",
                "regex pass (tenants[0].guardrails[0])", "regex pass (keys[0].guardrails[0])"), checks);
    }

    @Test
    void should_replace_a_complete_answer_with_446_when_a_response_guardrail_denies_it() {
        HttpResponse<String> response = post(TestGateway.KEY, chat("fast", "What is the code name?",
                "\"content\":\"The code name is Project Falcon.\"", false));

        assertEquals(446, response.statusCode());
        JsonNode error = TestGateway.json(response.body()).path("error");
        assertEquals("response", error.path("guardrail").path("phase").asText());
        assertFalse(response.body().contains("Falcon."), response.body());
        decision(response, "guardrail:response", "regex", "deny");
    }

    @Test
    void should_deliver_a_complete_answer_and_record_the_warning_when_a_response_guardrail_warns() {
        HttpResponse<String> response = post(TestGateway.KEY, chat("fast", "Fruit?", "\"content\":\"Try a papaya smoothie.\"", false));

        assertEquals(200, response.statusCode());
        assertEquals("Try a papaya smoothie.", TestGateway.json(response.body()).at("/choices/0/message/content").asText());
        decision(response, "guardrail:response", "regex", "warn");
    }

    @Test
    void should_end_a_stream_with_an_error_event_after_the_text_before_the_offending_part_when_a_guardrail_denies() {
        // Paced chunks arrive in separate reads, so the harmless start is checked and released before the rest
        // arrives (chunks that arrive together are checked together and nothing of them would be sent).
        String content = "Here is some harmless text first. The plan is Project Falcon and nothing after it matters.";
        HttpResponse<String> response = post(TestGateway.KEY, chat("fast", "Tell me the plan", "\"content\":\"" + content + "\",\"chunks\":16,\"chunk_interval_ms\":15", true));

        assertEquals(200, response.statusCode());
        List<String> data = dataLines(response.body());
        String sent = streamedText(data);
        assertTrue(sent.startsWith("Here is some harmless"), sent);
        assertFalse(sent.contains("Falcon"), sent);
        assertFalse(sent.contains("matters"), sent);
        JsonNode last = TestGateway.json(data.get(data.size() - 1));
        assertEquals("guardrail_violation", last.path("error").path("type").asText());
        assertEquals("regex", last.path("error").path("guardrail").path("id").asText());
        assertFalse(data.contains("[DONE]"));
        JsonNode receipt = gateway.receiptEventually(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), TestGateway.KEY);
        assertEquals("guardrail_violation", receipt.path("error_type").asText(), receipt.toString());
        decision(response, "guardrail:response", "regex", "deny");
    }

    @Test
    void should_deliver_the_whole_stream_and_record_the_warning_when_a_response_guardrail_warns() {
        String content = "A papaya is a tropical fruit with orange flesh and black seeds.";
        HttpResponse<String> response = post(TestGateway.KEY, chat("fast", "Fruit?", "\"content\":\"" + content + "\",\"chunks\":8", true));

        List<String> data = dataLines(response.body());
        assertEquals(content, streamedText(data));
        assertEquals("[DONE]", data.get(data.size() - 1));
        decision(response, "guardrail:response", "regex", "warn");
    }

    @Test
    void should_apply_a_tenants_guardrails_to_its_keys_and_not_another_tenants() {
        assertEquals(446, post(TestGateway.KEY, chat("fast", "I want a banana", "", false)).statusCode());
        assertEquals(200, post(TestGateway.KEY, chat("fast", "I want a cherry", "", false)).statusCode());
    }

    @Test
    void should_apply_a_keys_guardrails_to_that_key_only() {
        HttpResponse<String> dev = post(TestGateway.KEY, chat("fast", "I want a mango", "", false));

        assertEquals(446, dev.statusCode());
        assertEquals("keys[0].guardrails[0]", detailPath(decision(dev, "guardrail:request", "regex", "deny")));
        assertEquals(200, post(TestGateway.LIMITED_KEY, chat("fast", "I want a mango", "", false)).statusCode());
    }

    @Test
    void should_apply_an_alias_guardrails_to_that_alias_only() {
        HttpResponse<String> strict = post(TestGateway.KEY, chat("strict", "I want a kiwi", "", false));

        assertEquals(446, strict.statusCode());
        assertEquals("models[1].guardrails[0]", detailPath(decision(strict, "guardrail:request", "regex", "deny")));
        assertEquals(200, post(TestGateway.KEY, chat("fast", "I want a kiwi", "", false)).statusCode());
    }

    private static String detailPath(JsonNode decision) {
        String detail = decision.path("detail").asText();
        return detail.substring(detail.lastIndexOf('(') + 1, detail.length() - 1);
    }
}
