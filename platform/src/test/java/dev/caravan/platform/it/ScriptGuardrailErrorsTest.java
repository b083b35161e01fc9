package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A guardrail script that fails is reported as policy scripts are: the client and the receipt get the
 * guardrail's id and the exception's simple name, the log one sanitised line; none of them a stack
 * trace, a cause, the request text Groovy quotes, or a key-shaped token the script put in its message.
 */
class ScriptGuardrailErrorsTest {

    private static final String MODELS = "  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }\n";
    private static final String PROMPT_SECRET = "papaya-4111-1111-1111-1111";

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        Path guardrails = Files.createDirectories(tmp.resolve("policies/guardrails"));
        // Calls a method String does not have with the prompt: Groovy's message quotes the argument.
        Files.writeString(guardrails.resolve("clumsy.groovy"), """
                check { input ->
                    if (input.text.contains('throw a key')) { throw new IllegalStateException('cannot use sk-live-0123456789abcdef') }
                    input.text.noSuchMethod(input.text)
                }
                """);
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithModelsAndAdmin(mock, tmp, MODELS, """
                policies: { dir: "%s", reload_interval_ms: 100 }
                guardrails_on_error: deny
                guardrails_timeout_ms: 1500
                guardrails: [ { script: clumsy, on: [request] } ]
                """.formatted(tmp.resolve("policies")));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    private static String chat(String text) {
        return "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    /** Runs {@code request} with every log event of the gateway captured. */
    private static List<ILoggingEvent> logsOf(Runnable request) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try {
            request.run();
        } finally {
            root.detachAppender(logged);
        }
        return List.copyOf(logged.list);
    }

    private static void assertClean(List<ILoggingEvent> events, String secret) {
        for (ILoggingEvent event : events) {
            assertNull(event.getThrowableProxy(), "a stack trace was logged: " + event.getFormattedMessage());
            assertFalse(event.getFormattedMessage().contains(secret), "logged: " + event.getFormattedMessage());
            assertFalse(event.getFormattedMessage().contains("\tat "), "logged: " + event.getFormattedMessage());
        }
    }

    @Test
    void should_keep_the_quoted_prompt_out_of_answer_receipt_and_log_when_a_guardrail_script_fails() {
        HttpResponse<String>[] response = new HttpResponse[1];
        List<ILoggingEvent> events = logsOf(() -> response[0] = gateway.post("/v1/chat/completions", chat(PROMPT_SECRET),
                "authorization", TestGateway.bearer(TestGateway.KEY)));

        assertEquals(446, response[0].statusCode(), response[0].body());
        assertTrue(response[0].body().contains("guardrail 'guardrails/clumsy' failed: MissingMethodException"), response[0].body());
        assertFalse(response[0].body().contains(PROMPT_SECRET), response[0].body());
        String trace = response[0].headers().firstValue("x-caravan-trace-id").orElseThrow();
        assertFalse(gateway.receiptEventually(trace, TestGateway.KEY).toString().contains("4111"), "the receipt quotes the prompt");
        assertClean(events, "4111");
        assertTrue(events.stream().anyMatch(e -> e.getFormattedMessage().contains("MissingMethodException: No signature of method")),
                "the log must say what failed: " + events.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    @Test
    void should_mask_a_key_shaped_token_in_the_log_when_the_script_throws_it_in_its_message() {
        HttpResponse<String>[] response = new HttpResponse[1];
        List<ILoggingEvent> events = logsOf(() -> response[0] = gateway.post("/v1/chat/completions", chat("please throw a key"),
                "authorization", TestGateway.bearer(TestGateway.KEY)));

        assertEquals(446, response[0].statusCode(), response[0].body());
        assertFalse(response[0].body().contains("sk-live"), response[0].body());
        assertClean(events, "sk-live-0123456789abcdef");
        assertTrue(events.stream().anyMatch(e -> e.getFormattedMessage().contains("IllegalStateException: cannot use <secret>")),
                events.stream().map(ILoggingEvent::getFormattedMessage).toList().toString());
    }
}
