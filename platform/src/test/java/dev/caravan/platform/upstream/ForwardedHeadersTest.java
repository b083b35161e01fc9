package dev.caravan.platform.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Only the upstream headers clients rely on cross over to the gateway's response. */
class ForwardedHeadersTest {

    private static HttpHeaders headers(Map<String, List<String>> values) {
        return HttpHeaders.of(values, (name, value) -> true);
    }

    @Test
    void should_pass_retry_and_request_id_headers() {
        Map<String, String> selected = ForwardedHeaders.select(headers(Map.of(
                "retry-after", List.of("20"),
                "retry-after-ms", List.of("20000"),
                "x-request-id", List.of("req_123"))));

        assertEquals(Map.of("retry-after", "20", "retry-after-ms", "20000", "x-request-id", "req_123"), selected);
    }

    @Test
    void should_pass_every_rate_limit_header() {
        Map<String, String> selected = ForwardedHeaders.select(headers(Map.of(
                "x-ratelimit-limit-requests", List.of("500"),
                "x-ratelimit-remaining-tokens", List.of("149984"),
                "x-ratelimit-reset-requests", List.of("120ms"))));

        assertEquals(3, selected.size());
        assertEquals("149984", selected.get("x-ratelimit-remaining-tokens"));
    }

    @Test
    void should_drop_other_headers() {
        Map<String, String> selected = ForwardedHeaders.select(headers(Map.of(
                "set-cookie", List.of("session=abc"),
                "cache-control", List.of("max-age=600"),
                "content-type", List.of("application/json"),
                "x-ratelimit", List.of("no suffix"),
                "openai-organization", List.of("org-1"))));

        assertEquals(Map.of(), selected);
    }

    @Test
    void should_lower_case_names_when_upstream_capitalises_them() {
        Map<String, String> selected = ForwardedHeaders.select(headers(Map.of(
                "Retry-After", List.of("5"),
                "X-RateLimit-Limit-Tokens", List.of("1000"))));

        assertEquals(Map.of("retry-after", "5", "x-ratelimit-limit-tokens", "1000"), selected);
    }

    @Test
    void should_take_first_value_when_header_repeated() {
        Map<String, String> selected = ForwardedHeaders.select(headers(Map.of("x-request-id", List.of("first", "second"))));

        assertEquals(Map.of("x-request-id", "first"), selected);
    }

    @Test
    void should_return_empty_when_upstream_sent_no_headers() {
        assertEquals(Map.of(), ForwardedHeaders.select(headers(Map.of())));
    }
}
