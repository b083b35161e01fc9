package dev.caravan.platform.it;

import static dev.caravan.platform.it.GuardrailChats.chat;
import static dev.caravan.platform.it.GuardrailChats.dataLines;
import static dev.caravan.platform.it.GuardrailChats.streamedText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guardrails written as Groovy scripts in {@code policies/guardrails/}, configured like plugin
 * guardrails (global, tenant and alias scopes), through the real gateway and the mock upstream:
 * deny / redact / warn on the request, on a complete answer and on a streamed answer; receipts;
 * a script that throws or runs forever ({@code guardrails_on_error: deny}); the shipped example;
 * and a hot reload whose broken version keeps the last good one running.
 */
class ScriptGuardrailsGatewayTest {

    private static final String MODELS = """
              - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
              - alias: masked
                targets: [ { provider: mock, model: gpt-4o-mini } ]
                guardrails:
                  - { script: fruit, on: [request, response], action: redact }
                  - { script: card-numbers, on: [request], action: redact }
            """;

    @TempDir
    static Path tmp;
    static Path guardrails;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        guardrails = Files.createDirectories(tmp.resolve("policies/guardrails"));
        write("falcon.groovy", "check { text, phase -> text.toLowerCase().contains('project falcon') ? deny(\"code name in the ${phase}\") : pass() }");
        write("fruit.groovy", """
                check { input -> input.text.contains('papaya') ? flag('fruit named') : pass() }
                mask { text -> text.replace('papaya', '[FRUIT]') }
                """);
        write("faulty.groovy", """
                check { input ->
                    if (input.text.contains('spin forever')) { while (true) { } }
                    input.text.contains('divide by zero') ? 1 / 0 : pass()
                }
                """);
        write("reloading.groovy", "check { input -> input.text.contains('grape') ? deny('grape v1') : pass() }");
        // The shipped example, enabled as its header says: copied into policies/guardrails/.
        Files.copy(Path.of(System.getProperty("caravan.test.policies", "../policies"), "examples", "guardrails", "card-numbers.groovy"),
                guardrails.resolve("card-numbers.groovy"));
        mock = MockUpstream.start(MockOptions.defaults());
        // A roomy budget: this test is about verdicts and the build host may be busy (the budget
        // itself is enforced in should_deny_naming_the_guardrail_when_a_script_runs_past_its_time_budget).
        gateway = TestGateway.startWithModelsAndAdmin(mock, tmp, MODELS, """
                policies: { dir: "%s", reload_interval_ms: 100 }
                guardrails_on_error: deny
                guardrails_timeout_ms: 1500
                guardrails_stream_check_chars: 10
                guardrails:
                  - { script: falcon, on: [request, response] }
                  - { script: fruit, on: [request, response], action: warn }
                  - { script: faulty, on: [request] }
                tenants:
                  - { id: acme, guardrails: [ { script: reloading, on: [request] } ] }
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
    }

    static void write(String name, String text) {
        try {
            Path temp = guardrails.resolve("." + name + ".tmp");
            Files.writeString(temp, text);
            Files.move(temp, guardrails.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> post(String body) {
        return gateway.post("/v1/chat/completions", body, "authorization", TestGateway.bearer(TestGateway.KEY), "content-type", "application/json");
    }

    private static List<String> decisions(HttpResponse<String> response, String stage) {
        JsonNode receipt = gateway.receiptEventually(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), TestGateway.KEY);
        return StreamSupport.stream(receipt.path("decisions").spliterator(), false)
                .filter(d -> d.path("stage").asText().equals(stage))
                .map(d -> d.path("id").asText() + " " + d.path("outcome").asText() + " " + d.path("detail").asText()).toList();
    }

    private static JsonNode error(HttpResponse<String> response) {
        return TestGateway.json(response.body()).path("error");
    }

    @Test
    void should_answer_446_naming_the_script_and_not_call_upstream_when_a_script_denies_the_request() {
        long before = mock.requestCount();

        HttpResponse<String> response = post(chat("fast", "Tell me about Project Falcon.", "", false));

        assertEquals(446, response.statusCode(), response.body());
        assertEquals("guardrail_denied", error(response).path("code").asText());
        assertEquals("guardrails/falcon", error(response).path("guardrail").path("id").asText());
        assertEquals("The request was blocked by guardrail 'guardrails/falcon': code name in the request", error(response).path("message").asText());
        assertEquals(before, mock.requestCount());
        assertEquals(List.of("guardrails/falcon deny code name in the request (guardrails[0])"), decisions(response, "guardrail:request"));
    }

    @Test
    void should_record_every_script_check_in_order_when_nothing_is_found() {
        HttpResponse<String> response = post(chat("fast", "Hello there", "", false));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(List.of("guardrails/falcon pass (guardrails[0])", "guardrails/fruit pass (guardrails[1])",
                "guardrails/faulty pass (guardrails[2])", "guardrails/reloading pass (tenants[0].guardrails[0])"),
                decisions(response, "guardrail:request"));
    }

    @Test
    void should_forward_the_request_unchanged_and_record_the_warning_when_the_entry_action_is_warn() {
        HttpResponse<String> response = post(chat("fast", "Is papaya sweet?", "", false));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("Is papaya sweet?", mock.lastRequest().path("messages").path(0).path("content").asText());
        assertTrue(decisions(response, "guardrail:request").contains("guardrails/fruit warn fruit named (guardrails[1])"));
    }

    @Test
    void should_send_the_masked_body_upstream_when_the_entry_action_is_redact() {
        HttpResponse<String> response = post(chat("masked", "A papaya for me", "", false));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("A [FRUIT] for me", mock.lastRequest().path("messages").path(0).path("content").asText());
        assertTrue(decisions(response, "guardrail:request").contains("guardrails/fruit redact fruit named (models[1].guardrails[0])"));
    }

    @Test
    void should_mask_card_numbers_upstream_when_the_shipped_example_redacts() {
        HttpResponse<String> response = post(chat("masked", "Charge 4111 1111 1111 1111, not order 1234567890123.", "", false));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("Charge [CARD], not order 1234567890123.", mock.lastRequest().path("messages").path(0).path("content").asText());
        assertTrue(decisions(response, "guardrail:request").contains("guardrails/card-numbers redact card number x1 (models[1].guardrails[1])"));
    }

    @Test
    void should_replace_a_complete_answer_with_446_when_a_script_denies_it() {
        HttpResponse<String> response = post(chat("fast", "What is the code name?", "\"content\":\"It is Project Falcon.\"", false));

        assertEquals(446, response.statusCode(), response.body());
        assertEquals("response", error(response).path("guardrail").path("phase").asText());
        assertFalse(response.body().contains("It is Project"), response.body());
        assertTrue(decisions(response, "guardrail:response").contains("guardrails/falcon deny code name in the response (guardrails[0])"));
    }

    @Test
    void should_mask_a_complete_answer_when_a_script_redacts_it() {
        HttpResponse<String> response = post(chat("masked", "Fruit?", "\"content\":\"Try a papaya smoothie.\"", false));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("Try a [FRUIT] smoothie.", TestGateway.json(response.body()).at("/choices/0/message/content").asText());
        List<String> checks = decisions(response, "guardrail:response");
        assertTrue(checks.contains("guardrails/fruit warn fruit named (guardrails[1])"), checks.toString());
        assertTrue(checks.contains("guardrails/fruit redact fruit named (models[1].guardrails[0])"), checks.toString());
    }

    @Test
    void should_end_a_stream_with_an_error_event_when_a_script_denies_the_accumulated_text() {
        String content = "Here is some harmless text first. The plan is Project Falcon and nothing after it matters.";
        HttpResponse<String> response = post(chat("fast", "The plan?", "\"content\":\"" + content + "\",\"chunks\":16,\"chunk_interval_ms\":15", true));

        assertEquals(200, response.statusCode());
        List<String> data = dataLines(response.body());
        assertFalse(streamedText(data).contains("Falcon"), streamedText(data));
        JsonNode last = TestGateway.json(data.get(data.size() - 1));
        assertEquals("guardrail_violation", last.path("error").path("type").asText());
        assertEquals("guardrails/falcon", last.path("error").path("guardrail").path("id").asText());
        assertFalse(data.contains("[DONE]"));
        assertTrue(decisions(response, "guardrail:response").contains("guardrails/falcon deny code name in the response (guardrails[0])"));
    }

    @Test
    void should_deliver_the_whole_stream_and_record_the_warning_when_a_script_warns() {
        String content = "A papaya is a tropical fruit with orange flesh and black seeds.";
        HttpResponse<String> response = post(chat("fast", "Fruit?", "\"content\":\"" + content + "\",\"chunks\":8", true));

        List<String> data = dataLines(response.body());
        assertEquals(content, streamedText(data));
        assertEquals("[DONE]", data.get(data.size() - 1));
        assertTrue(decisions(response, "guardrail:response").contains("guardrails/fruit warn fruit named (guardrails[1])"));
    }

    @Test
    void should_stop_a_stream_when_a_script_redacts_it_since_chunks_cannot_be_rewritten() {
        String content = "A papaya is a tropical fruit with orange flesh and black seeds.";
        HttpResponse<String> response = post(chat("masked", "Fruit?", "\"content\":\"" + content + "\",\"chunks\":8", true));

        List<String> data = dataLines(response.body());
        assertFalse(streamedText(data).contains("papaya"), streamedText(data));
        assertEquals("guardrails/fruit", TestGateway.json(data.get(data.size() - 1)).path("error").path("guardrail").path("id").asText());
    }

    @Test
    void should_deny_naming_the_guardrail_when_a_script_throws_and_guardrails_on_error_is_deny() {
        HttpResponse<String> response = post(chat("fast", "Please divide by zero", "", false));

        assertEquals(446, response.statusCode(), response.body());
        assertEquals("guardrail 'guardrails/faulty' failed: ArithmeticException; denied (guardrails_on_error: deny)",
                error(response).path("guardrail").path("reason").asText());
        assertTrue(decisions(response, "guardrail:request").stream().anyMatch(d -> d.startsWith("guardrails/faulty error ")));
    }

    @Test
    void should_deny_naming_the_guardrail_when_a_script_runs_past_its_time_budget() {
        HttpResponse<String> response = post(chat("fast", "Please spin forever", "", false));

        assertEquals(446, response.statusCode(), response.body());
        assertEquals("guardrail 'guardrails/faulty' exceeded its time budget of 1500 ms; denied (guardrails_on_error: deny)",
                error(response).path("guardrail").path("reason").asText());
        // The stopped script freed its thread: the next call is decided normally.
        assertEquals(200, post(chat("fast", "Hello again", "", false)).statusCode());
    }

    @Test
    void should_keep_the_last_good_version_and_show_the_error_when_an_edit_does_not_compile() {
        JsonNode good = status("guardrails/reloading");
        write("reloading.groovy", "check { input -> deny('grape v2' }");

        JsonNode failed = Poll.until(() -> status("guardrails/reloading"), s -> s.path("status").asText().equals("failed"),
                Duration.ofSeconds(5), () -> "the broken edit was not noticed");
        assertEquals(good.path("version").asText(), failed.path("version").asText());
        assertNotEquals(failed.path("version").asText(), failed.path("file_version").asText());
        assertTrue(failed.path("last_error").asText().startsWith("line 1:"), failed.toString());
        assertEquals("guardrail", failed.path("kind").asText());
        assertEquals("grape v1", error(post(chat("fast", "A grape", "", false))).path("guardrail").path("reason").asText());

        write("reloading.groovy", "check { input -> input.text.contains('grape') ? deny('grape v3') : pass() }");
        Poll.until(() -> post(chat("fast", "A grape", "", false)), r -> r.body().contains("grape v3"),
                Duration.ofSeconds(5), () -> "the fixed edit did not apply");
    }

    private static JsonNode status(String id) {
        HttpResponse<String> response = gateway.get("/admin/v1/policies", "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN));
        assertEquals(200, response.statusCode(), response.body());
        for (JsonNode script : TestGateway.json(response.body()).path("data")) {
            if (script.path("id").asText().equals(id)) {
                return script;
            }
        }
        throw new AssertionError("no " + id + " in " + response.body());
    }
}
