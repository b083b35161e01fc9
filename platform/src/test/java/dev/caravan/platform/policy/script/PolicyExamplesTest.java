package dev.caravan.platform.policy.script;

import static dev.caravan.platform.policy.script.ScriptFixtures.decide;
import static dev.caravan.platform.policy.script.ScriptFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.Money;
import dev.caravan.api.Usage;
import dev.caravan.api.policy.PolicyDecision;
import dev.caravan.api.policy.PolicyDecision.Outcome;
import dev.caravan.api.policy.PolicyOutcome;
import dev.caravan.api.policy.PolicyRequest;
import dev.caravan.api.policy.RequestPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped examples in policies/examples/ compile in the sandbox and do what their comments say. */
class PolicyExamplesTest {

    static final Path EXAMPLES = Path.of(System.getProperty("caravan.test.policies", "../policies")).resolve("examples");

    @TempDir
    Path dir;
    ScriptPolicySource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    /** Enables {@code example} as an operator would: copied into the policies folder. */
    private RequestPolicy enable(String example) throws IOException {
        Files.copy(EXAMPLES.resolve(example), dir.resolve(example));
        source = ScriptPolicySource.start(ScriptFixtures.config(dir));
        assertEquals("active", source.statuses().get(0).status(), source.statuses().toString());
        return source.policiesFor("acme").get(0);
    }

    @Test
    void should_load_every_example_when_all_are_enabled() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            examples = files.filter(p -> p.toString().endsWith(".groovy")).sorted().toList();
        }
        assertFalse(examples.isEmpty(), "no examples in " + EXAMPLES.toAbsolutePath());
        for (Path example : examples) {
            Files.copy(example, dir.resolve(example.getFileName()));
        }
        source = ScriptPolicySource.start(ScriptFixtures.config(dir));
        for (ScriptStatus status : source.statuses()) {
            assertEquals("active", status.status(), status.id() + ": " + status.lastError());
        }
        assertEquals(examples.size(), source.policiesFor("acme").size());
    }

    @Test
    void should_deny_without_team_tag_when_require_team_tag_is_enabled() throws IOException {
        RequestPolicy policy = enable("require-team-tag.groovy");
        PolicyDecision untagged = decide(policy, request("acme"));
        assertEquals(403, untagged.status());
        assertEquals("missing_team_tag", untagged.code());
        PolicyDecision tagged = decide(policy, request("acme", Map.of("team", "search"), "{\"messages\":[]}"));
        assertEquals(Outcome.ALLOW, tagged.outcome());
    }

    @Test
    void should_cap_max_tokens_on_alias_fast_when_cap_max_tokens_is_enabled() throws IOException {
        RequestPolicy policy = enable("cap-max-tokens.groovy");
        PolicyDecision decision = decide(policy, request("acme", Map.of(), "{\"model\":\"fast\",\"max_tokens\":2000,\"messages\":[]}"));
        assertEquals(Outcome.MODIFY, decision.outcome());
        assertEquals(256, decision.body().get("max_tokens").asInt());
    }

    @Test
    void should_route_gold_tier_to_premium_when_gold_tier_routing_is_enabled() throws IOException {
        RequestPolicy policy = enable("gold-tier-routing.groovy");
        PolicyDecision decision = decide(policy, request("acme", Map.of("tier", "gold"), "{\"messages\":[]}"));
        assertEquals("premium", decision.alias());
        assertEquals(Map.of("routed_by", "gold-tier-routing"), decision.metadata());
        assertEquals(Outcome.ALLOW, decide(policy, request("acme")).outcome());
    }

    @Test
    void should_log_tokens_and_cost_after_response_when_log_cost_is_enabled() throws IOException {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("caravan.policy.log-cost");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        ch.qos.logback.classic.Level level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO); // the test logback config logs WARN and up
        try {
            RequestPolicy policy = enable("log-cost.groovy");
            PolicyRequest request = request("acme");
            PolicyDecision decision = decide(policy, request);
            assertEquals(Outcome.ALLOW, decision.outcome());
            policy.afterResponse(new PolicyOutcome(request.context(), decision, 200, Usage.of(10, 5), Money.usd("0.0001"), true));
            String line = ScriptFixtures.poll(() -> logged.list.isEmpty() ? "" : logged.list.get(0).getFormattedMessage(),
                    m -> !m.isEmpty(), java.time.Duration.ofSeconds(2), "log-cost logged nothing");
            assertEquals("trace trace-1 tenant acme key alice: status 200, 10+5 tokens, $0.0001", line);
        } finally {
            logger.detachAppender(logged);
            logger.setLevel(level);
        }
    }

    @Test
    void should_refuse_long_prompts_when_max_prompt_tokens_is_enabled() throws IOException {
        RequestPolicy policy = enable("max-prompt-tokens.groovy");
        PolicyRequest small = request("acme");
        PolicyRequest big = new PolicyRequest(small.context(), "fast", small.body(), 9000, 100);
        assertEquals(Outcome.ALLOW, decide(policy, small).outcome());
        PolicyDecision refused = decide(policy, big);
        assertEquals(400, refused.status());
        assertTrue(refused.message().contains("9000"), refused.message());
    }
}
