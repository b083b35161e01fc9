package com.example.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.caravan.api.provider.ProviderError;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import org.junit.jupiter.api.Test;

class ExampleErrorsTest {

    private final ProviderHarness adapter = new ProviderHarness(new ExampleAdapter());

    private ProviderError translate(int status, String fixture) {
        return adapter.translateError(Calls.call(Fixtures.body("{\"model\":\"ex\"}"), false, null), status, Fixtures.bytes(fixture));
    }

    @Test
    void should_keep_status_code_and_upstream_message_when_upstream_is_rate_limited() {
        ProviderError error = translate(429, "upstream-error-429.json");

        assertEquals(429, error.status());
        assertEquals("rate_limit_error", error.type());
        assertEquals("rate_limit_exceeded", error.code());
        assertEquals(true, error.message().startsWith("example provider: Rate limit reached for gpt-4o-mini"));
        assertNull(error.passThroughBody());
    }

    @Test
    void should_not_echo_the_message_when_it_contains_the_provider_key() {
        ProviderError error = translate(401, "upstream-error-401-echo.json");

        assertEquals("example provider: upstream returned 401", error.message());
        assertFalse(error.message().contains(Calls.KEY));
    }

    @Test
    void should_say_only_the_status_when_upstream_sends_an_html_page() {
        ProviderError error = translate(502, "upstream-error-502.html");

        assertEquals("api_error", error.type());
        assertEquals("example provider: upstream returned 502", error.message());
    }
}
