package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.HttpResponses;
import dev.caravan.platform.exchange.RequestState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's x-ratelimit-* headers describe the client's limits; the upstream's never mix in. */
class RateLimitHeadersTest {

    private static final Map<String, String> UPSTREAM = Map.of(
            "x-ratelimit-limit-requests", "10000",
            "x-ratelimit-remaining-tokens", "1999000",
            "retry-after", "3",
            "x-request-id", "req_abc");

    private static HttpHeaders headersFor(Map<String, String> ours) {
        RequestState state = new RequestState("0123456789abcdef0123456789abcdef", "/v1/chat/completions", true);
        state.forwardedHeaders(UPSTREAM);
        state.outcome().rateLimitHeaders(ours);
        HttpHeaders headers = new DefaultHttpHeaders();
        HttpResponses.addGatewayHeaders(headers, state);
        return headers;
    }

    @Test
    void should_replace_every_upstream_rate_limit_header_when_a_gateway_limit_applied() {
        HttpHeaders headers = headersFor(Map.of("x-ratelimit-limit-requests", "60", "x-ratelimit-remaining-requests", "59"));

        assertEquals("60", headers.get("x-ratelimit-limit-requests"));
        assertEquals("59", headers.get("x-ratelimit-remaining-requests"));
        assertNull(headers.get("x-ratelimit-remaining-tokens"), "the upstream's token headers would describe another limit");
        assertEquals("3", headers.get("retry-after"));
        assertEquals("req_abc", headers.get("x-request-id"));
    }

    @Test
    void should_pass_the_upstream_rate_limit_headers_when_no_gateway_limit_applied() {
        HttpHeaders headers = headersFor(Map.of());

        assertEquals("10000", headers.get("x-ratelimit-limit-requests"));
        assertEquals("1999000", headers.get("x-ratelimit-remaining-tokens"));
    }

    @Test
    void should_send_our_retry_after_when_the_gateway_refused() {
        HttpHeaders headers = headersFor(Map.of("x-ratelimit-limit-requests", "60", "retry-after", "12"));

        assertEquals("12", headers.get("retry-after"));
    }
}
