package dev.caravan.platform.policy.script;

import static dev.caravan.platform.policy.script.ScriptFixtures.decide;
import static dev.caravan.platform.policy.script.ScriptFixtures.request;
import static dev.caravan.platform.policy.script.ScriptFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.Money;
import dev.caravan.api.Usage;
import dev.caravan.api.policy.PolicyDecision;
import dev.caravan.api.policy.PolicyDecision.Outcome;
import dev.caravan.api.policy.PolicyOutcome;
import dev.caravan.api.policy.PolicyRequest;
import dev.caravan.api.policy.RequestPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The script DSL and class-based scripts, called directly as the admit stage calls them. */
class ScriptPolicyDslTest {

    @TempDir
    Path dir;
    ScriptPolicySource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    private RequestPolicy only(String file, String script) {
        write(dir.resolve(file), script);
        source = ScriptPolicySource.start(ScriptFixtures.config(dir));
        List<RequestPolicy> policies = source.policiesFor("acme");
        assertEquals(1, policies.size(), "statuses: " + source.statuses());
        return policies.get(0);
    }

    @Test
    void should_deny_with_status_code_and_message_when_handler_denies() {
        RequestPolicy policy = only("team.groovy",
                "beforeRequest { req -> req.metadata.team ? allow() : deny(403, 'missing_team', 'set the team metadata tag') }");
        PolicyDecision decision = decide(policy, request("acme"));
        assertEquals(Outcome.DENY, decision.outcome());
        assertEquals(403, decision.status());
        assertEquals("missing_team", decision.code());
        assertEquals("set the team metadata tag (policy 'team')", decision.message());
        assertEquals("team", decision.policy());
    }

    @Test
    void should_allow_when_handler_returns_nothing() {
        RequestPolicy policy = only("quiet.groovy", "beforeRequest { req -> if (req.tenant == 'other') return deny('no') }");
        assertEquals(Outcome.ALLOW, decide(policy, request("acme")).outcome());
    }

    @Test
    void should_cap_max_tokens_in_a_body_copy_when_modify_sets_max_tokens() {
        RequestPolicy policy = only("cap.groovy", "beforeRequest { req -> modify(maxTokens: 256) }");
        PolicyRequest request = request("acme", Map.of(), "{\"model\":\"fast\",\"max_tokens\":4000,\"messages\":[]}");
        PolicyDecision decision = decide(policy, request);
        assertEquals(Outcome.MODIFY, decision.outcome());
        assertEquals(256, decision.body().get("max_tokens").asInt());
        assertEquals(4000, request.body().get("max_tokens").asInt(), "the request's own body must stay untouched");
    }

    @Test
    void should_keep_body_when_request_is_already_under_the_cap() {
        RequestPolicy policy = only("cap.groovy", "beforeRequest { req -> modify(maxTokens: 256) }");
        PolicyDecision decision = decide(policy, request("acme", Map.of(), "{\"model\":\"fast\",\"max_tokens\":100,\"messages\":[]}"));
        assertNull(decision.body());
    }

    @Test
    void should_route_to_other_alias_and_add_metadata_when_modify_names_them() {
        RequestPolicy policy = only("gold.groovy",
                "beforeRequest { req -> req.metadata.tier == 'gold' ? modify(alias: 'premium', metadata: [routed: 'gold']) : allow() }");
        PolicyDecision decision = decide(policy, request("acme", Map.of("tier", "gold"), "{\"model\":\"fast\",\"messages\":[]}"));
        assertEquals(Outcome.MODIFY, decision.outcome());
        assertEquals("premium", decision.alias());
        assertEquals(Map.of("routed", "gold"), decision.metadata());
    }

    @Test
    void should_fail_closed_with_503_when_modify_has_an_unknown_key() {
        RequestPolicy policy = only("typo.groovy", "beforeRequest { req -> modify(alais: 'cheap') }");
        PolicyDecision decision = decide(policy, request("acme"));
        assertEquals(Outcome.DENY, decision.outcome());
        assertEquals(503, decision.status());
        assertEquals("policy_error", decision.code());
        assertTrue(decision.message().contains("'typo'"), decision.message());
    }

    @Test
    void should_read_the_request_body_as_maps_and_lists() {
        RequestPolicy policy = only("size.groovy",
                "beforeRequest { req -> req.body.messages.size() > 1 ? deny(400, 'too_long', 'one message only') : allow() }");
        PolicyDecision decision = decide(policy, request("acme", Map.of(),
                "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"}]}"));
        assertEquals(400, decision.status());
    }

    @Test
    void should_run_a_class_implementing_request_policy() {
        RequestPolicy policy = only("klass.groovy", """
                import dev.caravan.api.policy.*
                import java.util.concurrent.CompletableFuture
                import java.util.concurrent.CompletionStage

                class OnlyAlice implements RequestPolicy {
                    String id() { 'only-alice' }
                    CompletionStage<PolicyDecision> beforeRequest(PolicyRequest request) {
                        CompletableFuture.completedFuture(request.context().keyName() == 'alice'
                                ? PolicyDecision.allow(id()) : PolicyDecision.deny(id(), 403, 'not_alice', 'alice only'))
                    }
                    void afterResponse(PolicyOutcome outcome) {}
                }
                """);
        assertEquals(Outcome.ALLOW, decide(policy, request("acme")).outcome());
        assertEquals("klass", decide(policy, request("acme")).policy(), "decisions carry the script's id");
    }

    @Test
    void should_freeze_a_captured_list_when_after_response_tries_to_keep_state_across_requests() {
        RequestPolicy policy = only("observe.groovy", """
                def seen = Collections.synchronizedList([])
                beforeRequest { req -> seen.add(req.alias); allow("kept ${seen.size()}") }
                """);
        PolicyRequest request = request("acme");
        PolicyDecision first = decide(policy, request);
        // The list was frozen at load: add() fails, so the policy fails closed instead of growing it per request.
        assertEquals(PolicyDecision.Outcome.DENY, first.outcome());
        assertEquals(503, first.status());
    }
}
