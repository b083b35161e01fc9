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
}
