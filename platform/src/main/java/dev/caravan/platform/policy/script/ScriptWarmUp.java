package dev.caravan.platform.policy.script;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.RequestContext;
import dev.caravan.api.guardrail.GuardInput;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.api.policy.PolicyRequest;
import dev.caravan.api.policy.RequestPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a built-in policy and a built-in guardrail through the same path as a request once, so the
 * first real request does not pay for Groovy's start-up (meta classes, call sites) within its
 * 50 ms.
 */
final class ScriptWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptWarmUp.class);

    private static final String POLICY = """
            beforeRequest { req ->
                def tier = req.metadata.tier ?: req.metadata.get('none')
                if (req.body.messages.size() > 5 || req.tenant == 'x') return deny(403, 'x', "no ${tier}")
                req.maxTokens > 500 ? modify(maxTokens: 500, alias: req.alias, metadata: [tier: tier]) : allow()
            }
            """;

    private static final String GUARDRAIL = """
            check { input ->
                def words = input.options.words ?: []
                words.any { input.text.toLowerCase().contains(it) } ? redact('found') { t -> t.replace('a', '*') } : pass()
            }
            """;

    private ScriptWarmUp() {}

    static void run(ScriptInstantiator instantiator, ScriptRunner runner, Path dir, Duration limit) {
        RequestContext context = new RequestContext("warm-up", "warm-up", "warm-up", "warm-up", "warm-up",
                Map.of("tier", "gold"), Instant.now());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("max_tokens", 1000).putArray("messages").addObject().put("role", "user").put("content", "hi");
        try {
            RequestPolicy policy = instantiator.policy(file(dir, ScriptKind.POLICY, POLICY));
            runner.call(() -> policy.beforeRequest(new PolicyRequest(context, "warm-up", body, 1, 1000)), limit).get(limit.toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS);
            GuardrailScript guardrail = instantiator.guardrail(file(dir, ScriptKind.GUARDRAIL, GUARDRAIL));
            ScriptGuardCheck check = new ScriptGuardCheck("caravan-warm-up", () -> guardrail, Map.of("words", java.util.List.of("hi")),
                    null, runner, limit);
            GuardInput input = new GuardInput(GuardPhase.REQUEST, context, body, "hi", true);
            runner.call(() -> check.verdict(guardrail, input), limit).get(limit.toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("script warm-up failed: {}", e.toString());
        }
    }

    /**
     * Calls a freshly loaded guardrail script's check once on a harmless sample, within the load
     * limit, so that its own call sites are linked before the first real check, which has only the
     * guardrail budget. The verdict is discarded; a failure here is not an error
     * (a script may need options the sample does not carry).
     */
    static void check(GuardrailScript script, ScriptRunner runner, Duration limit) {
        RequestContext context = new RequestContext("warm-up", "warm-up", "warm-up", "warm-up", "warm-up", Map.of(), Instant.now());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("messages").addObject().put("role", "user").put("content", "Caravan warm-up text.");
        GuardInput input = new GuardInput(GuardPhase.REQUEST, context, body, "Caravan warm-up text.", true);
        ScriptGuardCheck check = new ScriptGuardCheck("caravan-warm-up", () -> script, Map.of(), null, runner, limit);
        try {
            runner.call(() -> check.verdict(script, input), limit).get(limit.toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("guardrail script warm-up call: {}", e.toString());
        }
    }

    private static ScriptFile file(Path dir, ScriptKind kind, String text) {
        return new ScriptFile("caravan-warm-up", "caravan-warm-up", null, kind, dir, "caravan-warm-up.groovy", text, PolicyFolder.sha256(text));
    }
}
