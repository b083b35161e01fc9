package dev.caravan.platform.it;

import static dev.caravan.platform.it.AuthThrottleTest.MODELS;
import static dev.caravan.platform.it.AuthThrottleTest.assertThrottled;
import static dev.caravan.platform.it.AuthThrottleTest.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The throttle's defaults (no {@code auth_throttle} section: 50 failures per source, 20 per key
 * prefix, per minute), its cooldown, and {@code enabled: false}, each on a gateway of its own.
 */
class AuthThrottleDefaultsTest {

    @TempDir
    Path tmp;
    MockUpstream mock;
    TestGateway gateway;

    @BeforeEach
    void startMock() {
        mock = MockUpstream.start(MockOptions.defaults());
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        mock.close();
    }

    private RawHttp from(String source) {
        return new RawHttp(gateway.baseUrl(), source);
    }

    private static void guess(RawHttp connection, String tag, int times) {
        for (int i = 0; i < times; i++) {
            RawHttp.Answer answer = chat(connection, "sk-" + tag + "-" + i + "-guess-0123456789abcdef");
            assertEquals(401, answer.status(), answer.body());
        }
    }

    @Test
    void should_throttle_a_source_after_fifty_failures_when_no_auth_throttle_section_is_set() {
        gateway = TestGateway.startWithModels(mock, tmp, MODELS, "");
        RawHttp connection = from("127.0.3.1");
        guess(connection, "d", 50);

        assertThrottled(chat(connection, TestGateway.KEY));
    }

    @Test
    void should_throttle_a_key_prefix_after_twenty_failures_when_no_auth_throttle_section_is_set() {
        gateway = TestGateway.startWithModels(mock, tmp, MODELS, "");
        for (int i = 0; i < 20; i++) {
            RawHttp.Answer answer = chat(from("127.0.4." + (i + 1)), "sk-cvn-Dflt1" + i + "-guess-0123456789abcdefghijkl");
            assertEquals(401, answer.status(), answer.body());
        }

        assertThrottled(chat(from("127.0.4.99"), "sk-cvn-Dflt1-another-guess-0123456789abcdefghijkl"));
    }

    @Test
    void should_serve_the_source_again_when_the_cooldown_is_over() {
        gateway = TestGateway.startWithModels(mock, tmp, MODELS, "auth_throttle: { source_failures: 2, cooldown_ms: 300 }");
        RawHttp connection = from("127.0.5.1");
        guess(connection, "c", 2);
        assertThrottled(chat(connection, TestGateway.KEY));

        RawHttp.Answer answer = Poll.until(() -> chat(connection, TestGateway.KEY), a -> a.status() != 429, Duration.ofSeconds(10),
                () -> "still throttled after the cooldown");

        assertEquals(200, answer.status(), answer.body());
    }

    @Test
    void should_never_answer_429_when_the_throttle_is_disabled() {
        gateway = TestGateway.startWithModels(mock, tmp, MODELS, "auth_throttle: { enabled: false, source_failures: 1 }");
        RawHttp connection = from("127.0.6.1");
        guess(connection, "x", 10);

        RawHttp.Answer answer = chat(connection, TestGateway.KEY);

        assertEquals(200, answer.status(), answer.body());
    }
}
