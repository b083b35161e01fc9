package dev.caravan.platform.config;

import static dev.caravan.platform.config.ConfigFixtures.parse;
import static dev.caravan.platform.config.ConfigFixtures.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CorsConfigTest {

    @Test
    void should_be_off_without_credentials_when_section_is_absent() {
        CorsConfig cors = parse("").cors();

        assertFalse(cors.enabled());
        assertFalse(cors.allowCredentials());
        assertTrue(cors.allowedOrigins().isEmpty());
    }

    @Test
    void should_allow_every_header_the_browser_sdks_send_when_allowed_headers_is_not_set() {
        CorsConfig cors = parse("cors: { enabled: true, allowed_origins: [ \"https://app.example.com\" ] }").cors();

        for (String header : List.of("Authorization", "content-type", "x-api-key", "anthropic-version", "anthropic-beta",
                "anthropic-dangerous-direct-browser-access", "openai-organization", "openai-project", "x-stainless-retry-count",
                "x-stainless-helper-method")) {
            assertTrue(cors.allowsHeader(header), header);
        }
        assertFalse(cors.allowsHeader("x-internal-debug"));
    }

    @Test
    void should_match_origins_without_letter_case_when_an_origin_is_listed() {
        CorsConfig cors = parse("cors: { enabled: true, allowed_origins: [ \"https://App.Example.com:8443\" ] }").cors();

        assertTrue(cors.allowsOrigin("https://app.example.com:8443"));
        assertFalse(cors.allowsOrigin("https://app.example.com"));
    }

    @Test
    void should_refuse_start_up_naming_the_field_when_star_comes_with_allow_credentials() {
        assertEquals(List.of("cors.allowed_origins: '*' cannot be combined with cors.allow_credentials: true; list the exact origins"),
                problems("cors: { enabled: true, allowed_origins: [ \"*\" ], allow_credentials: true }"));
    }

    @Test
    void should_name_the_entry_when_an_origin_has_a_path() {
        assertEquals(List.of("cors.allowed_origins[1]: must be an origin 'scheme://host[:port]' (no path, no trailing slash) or '*',"
                + " got 'https://b.example.com/'"),
                problems("cors: { enabled: true, allowed_origins: [ \"https://a.example.com\", \"https://b.example.com/\" ] }"));
    }

    @Test
    void should_name_the_entry_when_an_origin_has_no_scheme() {
        assertEquals(1, problems("cors: { enabled: true, allowed_origins: [ \"app.example.com\" ] }").size());
    }

    @Test
    void should_refuse_when_enabled_without_origins() {
        assertEquals(List.of("cors.allowed_origins: must list at least one origin when cors.enabled is true"),
                problems("cors: { enabled: true }"));
    }

    @Test
    void should_name_the_key_when_max_age_is_negative() {
        assertEquals(1, problems("cors: { max_age_seconds: -1 }").size());
        assertTrue(problems("cors: { max_age_seconds: -1 }").get(0).startsWith("cors.max_age_seconds:"));
    }
}
