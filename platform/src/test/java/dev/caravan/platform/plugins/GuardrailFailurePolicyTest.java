package dev.caravan.platform.plugins;

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
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party guardrail that overruns its time budget or throws, built as a real plugin jar:
 * with {@code guardrails_on_error: allow} the call goes on, with {@code deny} it gets 446; either
 * way the receipt says the check failed and why.
 */
class GuardrailFailurePolicyTest {

    private static final String FAULTY = """
            package com.example.guard;

            import com.fasterxml.jackson.databind.JsonNode;
            import dev.caravan.api.guardrail.*;
            import org.pf4j.Extension;

            @Extension
            public final class FaultyGuardrail implements Guardrail {
                @Override public String id() { return "faulty"; }
                @Override public GuardCheck configure(JsonNode options) {
                    return input -> {
                        if (input.text().contains("slow")) {
                            try {
                                Thread.sleep(10_000);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        if (input.text().contains("boom")) {
                            throw new IllegalStateException("guardrail bug");
                        }
                        return GuardVerdict.pass("faulty");
                    };
                }
            }
            """;

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway failOpen;
    static TestGateway failClosed;

    @BeforeAll
    static void start() throws IOException {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        try (Stream<Path> jars = Files.list(TestGateway.pluginsDir())) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        PluginJarBuilder.plugin("guard-faulty").source("com.example.guard.FaultyGuardrail", FAULTY).writeTo(plugins);
        mock = MockUpstream.start(MockOptions.defaults());
        String models = "  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }\n";
        String guardrails = "guardrails: [ { plugin: faulty, on: [request] } ]\nguardrails_timeout_ms: 200\n";
        failOpen = TestGateway.startWithSections(mock, Files.createDirectories(tmp.resolve("open")), plugins, models, "",
                guardrails + "guardrails_on_error: allow\n");
        failClosed = TestGateway.startWithSections(mock, Files.createDirectories(tmp.resolve("closed")), plugins, models, "",
                guardrails + "guardrails_on_error: deny\n");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {failOpen, failClosed, mock}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing the rest matters more
            }
        }
    }

    private static HttpResponse<String> ask(TestGateway gateway, String text) {
        return gateway.post("/v1/chat/completions",
                "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}",
                "authorization", TestGateway.bearer(TestGateway.KEY), "content-type", "application/json");
    }

    private static JsonNode guardDecision(TestGateway gateway, HttpResponse<String> response) {
        JsonNode receipt = gateway.receiptEventually(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), TestGateway.KEY);
        return StreamSupport.stream(receipt.path("decisions").spliterator(), false)
                .filter(d -> d.path("stage").asText().equals("guardrail:request")).findFirst()
                .orElseThrow(() -> new AssertionError("no guardrail decision in " + receipt));
    }

    @Test
    void should_let_the_call_through_and_record_the_overrun_when_a_check_is_too_slow_and_on_error_is_allow() {
        long start = System.nanoTime();
        HttpResponse<String> response = ask(failOpen, "a slow question");

        assertEquals(200, response.statusCode());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "waited for the slow check instead of its 200 ms budget");
        JsonNode decision = guardDecision(failOpen, response);
        assertEquals("error", decision.path("outcome").asText());
        assertEquals("guardrail 'faulty' exceeded its time budget of 200 ms; allowed (guardrails_on_error: allow) (guardrails[0])",
                decision.path("detail").asText());
    }

    @Test
    void should_answer_446_when_a_check_is_too_slow_and_on_error_is_deny() {
        HttpResponse<String> response = ask(failClosed, "a slow question");

        assertEquals(446, response.statusCode());
        assertEquals("faulty", TestGateway.json(response.body()).at("/error/guardrail/id").asText());
        assertEquals("error", guardDecision(failClosed, response).path("outcome").asText());
    }

    @Test
    void should_let_the_call_through_and_record_the_failure_when_a_check_throws_and_on_error_is_allow() {
        HttpResponse<String> response = ask(failOpen, "boom");

        assertEquals(200, response.statusCode());
        assertEquals("guardrail 'faulty' failed: IllegalStateException; allowed (guardrails_on_error: allow) (guardrails[0])",
                guardDecision(failOpen, response).path("detail").asText());
    }

    @Test
    void should_answer_446_when_a_check_throws_and_on_error_is_deny() {
        HttpResponse<String> response = ask(failClosed, "boom");

        assertEquals(446, response.statusCode());
        assertEquals("The request was blocked by guardrail 'faulty': guardrail 'faulty' failed: IllegalStateException;"
                + " denied (guardrails_on_error: deny)", TestGateway.json(response.body()).at("/error/message").asText());
    }
}
