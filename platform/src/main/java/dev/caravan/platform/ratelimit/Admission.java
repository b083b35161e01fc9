package dev.caravan.platform.ratelimit;

import java.util.List;
import java.util.Map;

/**
 * The limiter's answer for one request: the {@code x-ratelimit-*} headers of the tightest limits
 * (and {@code retry-after} when refused), and either the token charges to settle when the request
 * finishes or the denial.
 */
public record Admission(Map<String, String> headers, List<TokenCharge> charges, RateLimitDenial denial) {

    public Admission {
        headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers)); // in OpenAI's order
        charges = List.copyOf(charges);
    }

    public boolean allowed() {
        return denial == null;
    }

    /** Tokens charged up front to one bucket. */
    record TokenCharge(TokenBucket bucket, long tokens) {}
}
