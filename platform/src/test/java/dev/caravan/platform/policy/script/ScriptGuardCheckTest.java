package dev.caravan.platform.policy.script;

import static dev.caravan.platform.policy.script.ScriptFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.RequestContext;
import dev.caravan.api.guardrail.GuardInput;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import dev.caravan.platform.guard.BoundGuard;
import dev.caravan.platform.guard.GuardResult;
import dev.caravan.platform.guard.GuardRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A guardrail script's check as the guardrail runner calls it: verdicts, masking, failures and the time limit. */
class ScriptGuardCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestContext CONTEXT = new RequestContext("trace-1", "acme", "key-1", "alice", "fast", Map.of(), Instant.now());

    @TempDir
    java.nio.file.Path dir;
    ScriptPolicySource source;
    final GuardRunner failOpen = new GuardRunner(2, Duration.ofSeconds(5), false);

    @AfterEach
    void close() {
        failOpen.close();
        if (source != null) {
            source.close();
        }
    }

    private GuardResult run(String script, String options, GuardInput input) throws Exception {
        return run(script, options, input, Duration.ofSeconds(1));
    }

    /** Runs the check in a runner with a roomy budget of its own, so the script's {@code budget} is what stops it. */
    private GuardResult run(String script, String options, GuardInput input, Duration budget) throws Exception {
        write(dir.resolve("guardrails/g.groovy"), script);
        source = ScriptPolicySource.start(ScriptFixtures.config(dir));
        BoundGuard guard = new BoundGuard("guardrails/g", Set.of(input.phase()),
                source.guardrails(budget).configure("g", (ObjectNode) JSON.readTree(options)), "guardrails[0]");
        return failOpen.run(guard, input).get();
    }

    private static GuardInput request(String body) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(body);
        return new GuardInput(GuardPhase.REQUEST, CONTEXT, node, dev.caravan.platform.guard.GuardText.ofRequest(node), true);
    }

    @Test
    void should_mask_every_prompt_text_of_an_anthropic_request_when_the_script_redacts() throws Exception {
        GuardResult result = run("check { input -> redact('masked') { t -> t.replace('secret', '***') } }", "{}", request("""
                {"model":"m","max_tokens":9,"system":[{"type":"text","text":"a secret system"}],
                 "messages":[{"role":"user","content":[{"type":"text","text":"my secret"},{"type":"image","source":{"data":"secret"}}]}]}"""));

        assertEquals(Action.REDACT, result.action());
        assertEquals("a *** system", result.verdict().transformed().at("/system/0/text").asText());
        assertEquals("my ***", result.verdict().transformed().at("/messages/0/content/0/text").asText());
        assertEquals("secret", result.verdict().transformed().at("/messages/0/content/1/source/data").asText(), "only text is masked");
    }

    @Test
    void should_apply_the_entry_action_and_read_the_options_when_the_script_flags() throws Exception {
        GuardResult result = run("check { input -> input.text.contains(input.options.word) ? flag('listed word') : pass() }",
                "{\"word\":\"kiwi\",\"action\":\"warn\"}", request("{\"messages\":[{\"role\":\"user\",\"content\":\"a kiwi\"}]}"));

        assertEquals(Action.WARN, result.action());
        assertEquals("listed word", result.reason());
    }

    @Test
    void should_call_a_two_parameter_check_with_the_text_and_the_phase() throws Exception {
        GuardResult result = run("check { text, phase -> deny(\"${phase}: ${text.size()} chars\") }", "{}",
                request("{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"));

        assertEquals(Action.DENY, result.action());
        assertEquals("request: 5 chars", result.reason());
    }

    @Test
    void should_deny_when_a_stream_would_be_redacted_since_it_cannot_be_rewritten() throws Exception {
        GuardResult result = run("check { input -> input.stream ? redact('found') { t -> t } : pass() }", "{}",
                new GuardInput(GuardPhase.RESPONSE, CONTEXT, null, "text so far", false));

        assertEquals(Action.DENY, result.action());
        assertEquals("redaction impossible here: found", result.reason());
    }

    @Test
    void should_record_an_error_and_go_on_when_the_script_throws_and_guardrails_fail_open() throws Exception {
        GuardResult result = run("check { input -> 1 / 0 }", "{}", request("{\"messages\":[]}"));

        assertEquals("error", result.outcome());
        assertEquals(Action.PASS, result.action());
        assertEquals("guardrail 'guardrails/g' failed: ArithmeticException; allowed (guardrails_on_error: allow)", result.reason());
    }

    @Test
    void should_record_an_error_when_the_check_returns_something_else_than_a_verdict() throws Exception {
        GuardResult result = run("check { input -> 'fine' }", "{}", request("{\"messages\":[]}"));

        assertEquals("guardrail 'guardrails/g' failed: IllegalStateException; allowed (guardrails_on_error: allow)", result.reason());
        assertNull(result.verdict());
    }

    @Test
    void should_stop_the_script_at_the_guardrail_time_budget() throws Exception {
        GuardResult result = run("check { input -> while (true) { } }", "{}", request("{\"messages\":[]}"), Duration.ofMillis(100));

        assertEquals("guardrail 'guardrails/g' exceeded its time budget of 100 ms; allowed (guardrails_on_error: allow)", result.reason());
    }
}
