package dev.caravan.platform.policy.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.caravan.api.guardrail.GuardInput;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.api.policy.PolicyDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groovy reads private (also static) fields and calls private methods by name, whatever the
 * compile-time checks: the objects handed to scripts must hold nothing that leads out. One test per
 * attack, each through a real load and call; the secret file must never be read.
 */
class ScriptHostFieldEscapeTest {

    private static final String READ_FILE = """
            def t = X.JSON.getTypeFactory().constructFromCanonical('java.io.File')
            def f = X.JSON.convertValue('SECRET', t)
            """;

    @TempDir
    Path dir;

    private Path secret() throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "top-secret-content");
        return secret;
    }

    @Test
    void should_not_read_a_file_through_the_requests_json_mapper_field() throws Exception {
        String body = READ_FILE.replace("X.", "req.").replace("SECRET", secret().toString());
        ScriptFixtures.write(dir.resolve("policies/p.groovy"), "beforeRequest { req ->\n" + body + "allow('READ ' + f.text)\n}");
        try (ScriptPolicySource source = ScriptPolicySource.start(ScriptFixtures.config(dir.resolve("policies")))) {
            PolicyDecision decision = ScriptFixtures.decide(source.policiesFor("acme").get(0), ScriptFixtures.request("acme"));
            assertEquals(PolicyDecision.Outcome.DENY, decision.outcome(), decision.toString());
            assertFalse(String.valueOf(decision.message()).contains("top-secret"), decision.toString());
        }
    }

    @Test
    void should_not_read_a_file_through_the_guard_inputs_json_mapper_field() throws Exception {
        String body = READ_FILE.replace("X.", "input.").replace("SECRET", secret().toString());
        ScriptFixtures.write(dir.resolve("policies/guardrails/g.groovy"), "check { input ->\n" + body + "warn('READ ' + f.text)\n}");
        try (ScriptPolicySource source = ScriptPolicySource.start(ScriptFixtures.config(dir.resolve("policies")))) {
            var check = (ScriptGuardCheck) source.guardrails(java.time.Duration.ofSeconds(1))
                    .configure("g", JsonNodeFactory.instance.objectNode());
            GuardInput input = new GuardInput(GuardPhase.REQUEST, ScriptFixtures.request("acme").context(),
                    JsonNodeFactory.instance.objectNode(), "hello", true);
            var verdict = check.checkAsync(input).handle((v, e) -> e == null ? "verdict " + v : "failed " + e).get();
            assertTrue(verdict.startsWith("failed"), verdict);
            assertFalse(verdict.contains("top-secret"), verdict);
        }
    }

    @Test
    void should_not_read_a_file_through_the_stage_requests_json_mapper_field() throws Exception {
        String body = READ_FILE.replace("X.", "request.").replace("SECRET", secret().toString());
        ScriptFixtures.write(dir.resolve("policies/stages/s.groovy"), "process { request ->\n" + body
                + "reject(403, 'READ ' + f.text)\n}");
        try (ScriptPolicySource source = ScriptPolicySource.start(ScriptFixtures.config(dir.resolve("policies")))) {
            var outcome = source.stages().call("s").call(stageRequest(), java.time.Duration.ofSeconds(1))
                    .handle((d, e) -> e == null ? "decided " + d : "failed " + e).get();
            assertTrue(outcome.startsWith("failed"), outcome);
            assertFalse(outcome.contains("top-secret"), outcome);
        }
    }

    @Test
    void should_not_let_a_policy_change_the_request_body_through_the_views_fields() throws Exception {
        ScriptFixtures.write(dir.resolve("policies/p.groovy"), """
                beforeRequest { req ->
                    req.request.body().put('model', 'expensive')
                    allow()
                }
                """);
        try (ScriptPolicySource source = ScriptPolicySource.start(ScriptFixtures.config(dir.resolve("policies")))) {
            var request = ScriptFixtures.request("acme");
            ScriptFixtures.decide(source.policiesFor("acme").get(0), request);
            assertEquals("fast", request.body().path("model").asText(), "the policy changed the body without modify()");
        }
    }

    @Test
    void should_not_let_a_guardrail_change_the_request_body_through_the_views_fields() throws Exception {
        ScriptFixtures.write(dir.resolve("policies/guardrails/g.groovy"), """
                check { input ->
                    input.input.body().put('model', 'expensive')
                    pass()
                }
                """);
        try (ScriptPolicySource source = ScriptPolicySource.start(ScriptFixtures.config(dir.resolve("policies")))) {
            var check = (ScriptGuardCheck) source.guardrails(java.time.Duration.ofSeconds(1))
                    .configure("g", JsonNodeFactory.instance.objectNode());
            var body = JsonNodeFactory.instance.objectNode().put("model", "fast");
            GuardInput input = new GuardInput(GuardPhase.REQUEST, ScriptFixtures.request("acme").context(), body, "hello", true);
            check.checkAsync(input).handle((v, e) -> v).get();
            assertEquals("fast", body.path("model").asText(), "the guardrail changed the body");
        }
    }

    @Test
    void should_not_let_a_stage_change_the_request_body_through_the_views_fields() throws Exception {
        ScriptFixtures.write(dir.resolve("policies/stages/s.groovy"), """
                process { request ->
                    request.request.body().put('model', 'expensive')
                    proceed()
                }
                """);
        try (ScriptPolicySource source = ScriptPolicySource.start(ScriptFixtures.config(dir.resolve("policies")))) {
            var request = stageRequest();
            source.stages().call("s").call(request, java.time.Duration.ofSeconds(1)).handle((d, e) -> d).get();
            assertEquals("fast", request.body().path("model").asText(), "the stage changed the body");
        }
    }

    private static dev.caravan.api.stage.StageRequest stageRequest() {
        return new dev.caravan.api.stage.StageRequest("trace-1", "/v1/chat/completions", "acme", "key-1", "alice", "fast", null,
                java.util.Map.of("x-team", "gold"), JsonNodeFactory.instance.objectNode().put("model", "fast"), java.util.Map.of());
    }

    @Test
    void should_not_reach_the_logging_system_through_the_scripts_log() throws Exception {
        ScriptFixtures.write(dir.resolve("policies/p.groovy"), """
                beforeRequest { req ->
                    allow('reached ' + log.logger)
                }
                """);
        try (ScriptPolicySource source = ScriptPolicySource.start(ScriptFixtures.config(dir.resolve("policies")))) {
            PolicyDecision decision = ScriptFixtures.decide(source.policiesFor("acme").get(0), ScriptFixtures.request("acme"));
            assertFalse(String.valueOf(decision.message()).contains("reached"), decision.toString());
        }
    }
}
