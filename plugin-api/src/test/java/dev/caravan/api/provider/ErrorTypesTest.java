package dev.caravan.api.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrorTypesTest {

    @Test
    void should_map_statuses_to_anthropics_error_types() {
        assertEquals("not_found_error", ErrorTypes.anthropic(404));
        assertEquals("rate_limit_error", ErrorTypes.anthropic(429));
        assertEquals("overloaded_error", ErrorTypes.anthropic(529));
        assertEquals("request_too_large", ErrorTypes.anthropic(413));
        assertEquals("billing_error", ErrorTypes.anthropic(402));
        assertEquals("api_error", ErrorTypes.anthropic(502));
        assertEquals("invalid_request_error", ErrorTypes.anthropic(418));
    }

    @Test
    void should_map_statuses_to_openais_error_types() {
        assertEquals("invalid_request_error", ErrorTypes.openAi(422));
        assertEquals("authentication_error", ErrorTypes.openAi(401));
        assertEquals("permission_error", ErrorTypes.openAi(403));
        assertEquals("rate_limit_error", ErrorTypes.openAi(429));
        assertEquals("invalid_request_error", ErrorTypes.openAi(409));
        assertEquals("api_error", ErrorTypes.openAi(529));
    }
}
