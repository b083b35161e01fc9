package dev.caravan.platform.plugins;

import static dev.caravan.platform.it.TestGateway.KEY;
import static dev.caravan.platform.it.TestGateway.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.it.TestGateway;
import dev.caravan.testkit.PluginJarBuilder;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage {@code admit} with a request policy built as a third-party PF4J plugin: what it decides is
 * chosen per request by the caller metadata field {@code admit-test}, and it answers every outcome
 * with a {@code completed} receipt note, so the receipt shows how often it was told.
 */
class AdmitStageGatewayTest {

    private static final String POLICY = """
            package com.example.admit;

            import dev.caravan.api.policy.*;
            import java.time.Duration;
            import java.util.List;
            import java.util.Map;
            import java.util.concurrent.CompletableFuture;
            import java.util.concurrent.CompletionStage;
            import org.pf4j.Extension;

            @Extension
            public final class ScriptedPolicy implements RequestPolicy {
                private final java.util.concurrent.atomic.AtomicInteger lateOutcomes = new java.util.concurrent.atomic.AtomicInteger();

                @Override public String id() { return "scripted"; }

                /** Outcomes of requests this policy admitted only after its time budget: read by the test. */
                public int lateOutcomes() { return lateOutcomes.get(); }

                @Override public CompletionStage<PolicyDecision> beforeRequest(PolicyRequest request) {
                    String mode = request.context().metadata().getOrDefault("admit-test", "allow");
                    return switch (mode) {
                        case "deny" -> CompletableFuture.completedFuture(
                                PolicyDecision.deny("scripted", 429, "not_today", "Denied by the test policy.")
                                        .withRetryAfter(Duration.ofMillis(2500)));
                        case "hang" -> new CompletableFuture<>();
                        case "block" -> { // blocks its thread instead of returning a stage, against the contract
                            try {
                                new java.util.concurrent.CountDownLatch(1).await(3, java.util.concurrent.TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            yield CompletableFuture.completedFuture(PolicyDecision.allow("scripted"));
                        }
                        case "late" -> CompletableFuture.supplyAsync(() -> PolicyDecision.allow("scripted").withReservation("late"),
                                CompletableFuture.delayedExecutor(600, java.util.concurrent.TimeUnit.MILLISECONDS));
                        case "downgrade" -> CompletableFuture.completedFuture(new PolicyDecision(PolicyDecision.Outcome.MODIFY,
                                "scripted", 0, null, "cheaper", null, "cheap", null, Map.of("tier", "cheap"), null));
                        case "forbidden-alias" -> CompletableFuture.completedFuture(
                                PolicyDecision.modifyAlias("scripted", "secret", null));
                        default -> CompletableFuture.completedFuture(PolicyDecision.allow("scripted"));
                    };
                }

                @Override public void afterResponse(PolicyOutcome outcome) {}

                @Override public List<PolicyNote> completed(PolicyOutcome outcome) {
                    if ("late".equals(outcome.decision().reservation()) && outcome.status() == 503 && !outcome.completed()) {
                        lateOutcomes.incrementAndGet();
                    }
                    return List.of(new PolicyNote("policy", "scripted", "completed",
                            "status " + outcome.status() + ", completed " + outcome.completed()));
                }
            }
            """;

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        try (Stream<Path> jars = Files.list(TestGateway.pluginsDir())) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        PluginJarBuilder.plugin("scripted-policy").source("com.example.admit.ScriptedPolicy", POLICY).writeTo(plugins);
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithPluginsAndSections(mock, tmp, plugins, """
                  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                  - { alias: cheap, targets: [ { provider: mock, model: gpt-4.1-nano } ] }
                  - { alias: nowhere, targets: [ { provider: down, model: gpt-4o-mini } ] }
                  - { alias: secret, targets: [ { provider: mock, model: gpt-4o } ] }
                """, """
                breaker: { window: 10000, minimum_calls: 10000 }
                admit: { plugins: [ scripted ], policy_timeout_ms: 300 }
                """);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    private static HttpResponse<String> call(String key, String model, String mode) {
        return gateway.post("/v1/chat/completions",
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "authorization", bearer(key), "content-type", "application/json",
                "x-caravan-metadata", "{\"admit-test\":\"" + mode + "\"}");
    }

    private static JsonNode receipt(HttpResponse<String> response) {
        return gateway.receiptEventually(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), KEY);
    }

    private static long completedNotes(JsonNode receipt) {
        long n = 0;
        for (JsonNode d : receipt.path("decisions")) {
            n += d.path("outcome").asText().equals("completed") ? 1 : 0;
        }
        return n;
    }

    @Test
    void should_answer_with_the_policy_status_code_and_retry_after_when_a_policy_denies() {
        HttpResponse<String> response = call(KEY, "fast", "deny");

        assertEquals(429, response.statusCode(), response.body());
        JsonNode error = TestGateway.json(response.body()).path("error");
        assertEquals("not_today", error.path("code").asText());
        assertEquals("Denied by the test policy.", error.path("message").asText());
        assertEquals("3", response.headers().firstValue("retry-after").orElse(""));
        JsonNode receipt = receipt(response);
        assertEquals("deny", receipt.path("decisions").get(0).path("outcome").asText(), receipt.toString());
        assertEquals(0, completedNotes(receipt), "a denying policy is not told the outcome: " + receipt);
    }

    @Test
    void should_fail_with_503_naming_the_policy_when_it_does_not_answer_within_its_time_budget() {
        HttpResponse<String> response = call(KEY, "fast", "hang");

        assertEquals(503, response.statusCode(), response.body());
        assertTrue(response.body().contains("Policy 'scripted' did not answer within 300 ms (admit.policy_timeout_ms)."),
                response.body());
        assertEquals("policy_timeout", TestGateway.json(response.body()).path("error").path("code").asText());
    }

    @Test
    void should_fail_with_503_within_its_time_budget_when_a_policy_blocks_its_thread_in_before_request() {
        long start = System.nanoTime();
        HttpResponse<String> response = call(KEY, "fast", "block");
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertEquals(503, response.statusCode(), response.body());
        assertEquals("policy_timeout", TestGateway.json(response.body()).path("error").path("code").asText());
        assertTrue(ms < 2_500, "answered after " + ms + " ms: the time-out waited for the blocked policy to return");
    }

    @Test
    void should_route_to_the_policy_s_alias_when_a_policy_modifies_the_request() {
        HttpResponse<String> response = call(KEY, "fast", "downgrade");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("mock/gpt-4.1-nano", response.headers().firstValue("x-caravan-served-by").orElse(""));
        JsonNode receipt = receipt(response);
        assertEquals("cheap", receipt.path("alias").asText(), receipt.toString());
        assertEquals("modify", receipt.path("decisions").get(0).path("outcome").asText(), receipt.toString());
    }

    @Test
    void should_refuse_a_modification_to_an_alias_the_key_may_not_use() {
        HttpResponse<String> response = call(TestGateway.LIMITED_KEY, "fast", "forbidden-alias");

        assertEquals(503, response.statusCode(), response.body());
        assertTrue(response.body().contains("routed the request to alias 'secret', which this key may not use"), response.body());
    }

    @Test
    void should_tell_the_policy_the_outcome_exactly_once_when_the_request_is_served() {
        JsonNode receipt = receipt(call(KEY, "fast", "allow"));

        assertEquals(1, completedNotes(receipt), receipt.toString());
        assertTrue(receipt.path("decisions").toString().contains("status 200, completed true"), receipt.toString());
    }

    @Test
    void should_tell_the_policy_the_outcome_exactly_once_when_the_upstream_fails() {
        HttpResponse<String> response = call(KEY, "nowhere", "allow");

        assertTrue(response.statusCode() >= 500, response.body());
        JsonNode receipt = receipt(response);
        assertEquals(1, completedNotes(receipt), receipt.toString());
        assertTrue(receipt.path("decisions").toString().contains("completed false"), receipt.toString());
    }

    @Test
    void should_hand_a_late_admission_straight_back_when_the_policy_answers_after_its_time_budget() throws Exception {
        Object policy = gateway.gateway().plugins().extensions(dev.caravan.api.policy.RequestPolicy.class).stream()
                .filter(p -> p.id().equals("scripted")).findFirst().orElseThrow();
        java.lang.reflect.Method lateOutcomes = policy.getClass().getMethod("lateOutcomes");
        int before = (int) lateOutcomes.invoke(policy);

        HttpResponse<String> response = call(KEY, "fast", "late");

        assertEquals(503, response.statusCode(), response.body());
        // What the policy reserved when it finally said yes is released: it hears the 503 outcome once.
        dev.caravan.platform.it.Poll.until(() -> invoke(lateOutcomes, policy), n -> n == before + 1, java.time.Duration.ofSeconds(5),
                () -> "the late admission was not handed back");
        dev.caravan.platform.it.Poll.holdsFor(() -> invoke(lateOutcomes, policy), n -> n == before + 1, java.time.Duration.ofMillis(200),
                () -> "the late admission was handed back more than once");
    }

    private static int invoke(java.lang.reflect.Method method, Object target) {
        try {
            return (int) method.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
