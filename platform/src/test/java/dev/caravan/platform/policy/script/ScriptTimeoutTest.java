package dev.caravan.platform.policy.script;

import static dev.caravan.platform.policy.script.ScriptFixtures.decide;
import static dev.caravan.platform.policy.script.ScriptFixtures.request;
import static dev.caravan.platform.policy.script.ScriptFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.policy.PolicyDecision;
import dev.caravan.api.policy.PolicyDecision.Outcome;
import dev.caravan.platform.config.PoliciesConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-invocation time limit is enforced: runaway scripts are stopped and the request gets a defined outcome. */
class ScriptTimeoutTest {

    private static final String RUNAWAY = "beforeRequest { req -> while (true) { } }";

    @TempDir
    Path dir;
    ScriptPolicySource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    /** The default 50 ms limit: only runaway scripts are called under it, so a busy host cannot make the test flaky. */
    private ScriptPolicySource start(PoliciesConfig.OnError onError, int threads) {
        return start(onError, threads, Duration.ofMillis(50));
    }

    private ScriptPolicySource start(PoliciesConfig.OnError onError, int threads, Duration limit) {
        PoliciesConfig config = new PoliciesConfig(dir, limit, onError, threads, Duration.ofMillis(100), List.of(), List.of());
        source = ScriptPolicySource.start(config);
        return source;
    }

    @Test
    void should_deny_with_503_naming_the_policy_when_script_runs_forever() {
        write(dir.resolve("runaway.groovy"), RUNAWAY);
        start(PoliciesConfig.OnError.DENY, 2);
        long started = System.nanoTime();
        PolicyDecision decision = decide(source.policiesFor("acme").get(0), request("acme"));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(Outcome.DENY, decision.outcome());
        assertEquals(503, decision.status());
        assertEquals("runaway", decision.policy());
        assertTrue(decision.message().contains("'runaway'") && decision.message().contains("timed out after 50 ms"), decision.message());
        assertTrue(tookMs < 1000, "decided after " + tookMs + " ms");
    }

    @Test
    void should_admit_with_a_receipt_note_when_on_error_is_allow() {
        write(dir.resolve("runaway.groovy"), RUNAWAY);
        start(PoliciesConfig.OnError.ALLOW, 2);
        PolicyDecision decision = decide(source.policiesFor("acme").get(0), request("acme"));
        assertEquals(Outcome.ALLOW, decision.outcome());
        assertEquals("policy failed open: timed out after 50 ms", decision.message());
    }

    @Test
    void should_free_the_worker_when_a_runaway_script_is_stopped() {
        // One script thread: if the runaway loops kept it, the tenant b request would never be decided.
        write(dir.resolve("tenants/a/runaway.groovy"), RUNAWAY);
        write(dir.resolve("tenants/b/fine.groovy"), "beforeRequest { req -> allow('fine') }");
        start(PoliciesConfig.OnError.DENY, 1, Duration.ofMillis(300)); // room for the well-behaved script on a busy host
        for (int i = 0; i < 3; i++) {
            assertEquals(503, decide(source.policiesFor("a").get(0), request("a")).status());
        }
        assertEquals("fine", decide(source.policiesFor("b").get(0), request("b")).message());
    }

    @Test
    void should_stop_a_script_whose_catch_block_loops_again() {
        write(dir.resolve("stubborn.groovy"),
                "beforeRequest { req -> try { while (true) { } } catch (Exception e) { while (true) { } } }");
        start(PoliciesConfig.OnError.DENY, 1, Duration.ofMillis(300));
        assertEquals(503, decide(source.policiesFor("acme").get(0), request("acme")).status());
        write(dir.resolve("stubborn.groovy"), "beforeRequest { req -> allow('next') }");
        assertEquals("next", ScriptFixtures.poll(() -> decide(source.policiesFor("acme").get(0), request("acme")).message(),
                "next"::equals, Duration.ofSeconds(3), "the worker was not freed"));
    }

    @Test
    void should_not_load_a_script_whose_body_runs_forever() {
        write(dir.resolve("hangs.groovy"), "while (true) { }\nbeforeRequest { allow() }");
        start(PoliciesConfig.OnError.DENY, 2);
        assertTrue(source.policiesFor("acme").isEmpty());
        ScriptStatus status = source.statuses().get(0);
        assertEquals("failed", status.status());
        assertTrue(status.lastError().contains("timed out"), status.lastError());
    }

    /**
     * A catastrophic regular expression runs inside one JDK call that never checks for interruption
     * (some seconds of backtracking here): the call gets its outcome at the time limit, the stuck
     * worker is written off so other scripts keep being decided, and that version is quarantined
     * until a new version of the file is saved.
     */
    @Test
    void should_quarantine_a_script_whose_call_ignores_its_time_limit_and_keep_deciding_others() {
        String stuck = "beforeRequest { req -> if (('a' * 26 + '!') ==~ /(.*a){12}b/) { deny(400, 'x', 'never') }; allow('stuck') }";
        write(dir.resolve("tenants/a/stuck.groovy"), stuck);
        write(dir.resolve("tenants/b/fine.groovy"), "beforeRequest { req -> allow('fine') }");
        start(PoliciesConfig.OnError.DENY, 1, Duration.ofMillis(50));

        PolicyDecision first = decide(source.policiesFor("a").get(0), request("a"));
        assertEquals(503, first.status(), first.message());
        ScriptFixtures.poll(() -> source.statuses().stream().anyMatch(s -> s.name().equals("stuck") && s.status().equals("quarantined")),
                Boolean::booleanValue, Duration.ofSeconds(10), "never quarantined: " + source.statuses());
        PolicyDecision later = decide(source.policiesFor("a").get(0), request("a"));
        assertEquals(503, later.status());
        assertTrue(later.message().contains("quarantined") || later.message().contains("could not decide"), later.message());
        assertEquals("fine", decide(source.policiesFor("b").get(0), request("b")).message(), "a spare thread took the stuck one's place");

        write(dir.resolve("tenants/a/stuck.groovy"), "beforeRequest { req -> allow('fixed') }");
        ScriptFixtures.poll(() -> decide(source.policiesFor("a").get(0), request("a")).message(), "fixed"::equals,
                Duration.ofSeconds(10), "the new version never took over");
    }
}
