package dev.caravan.platform.ratelimit;

import java.util.List;
import java.util.Map;

/**
 * The limiter's answer for one request: the {@code x-ratelimit-*} headers of the tightest limits
 * (and {@code retry-after} when refused), and either the token charges and in-flight slots to
 * settle when the request finishes or the denial. When a shared limit's local lease is short,
 * the answer is {@code leasesNeeded} instead: lease, then ask again.
 */
public record Admission(Map<String, String> headers, List<TokenCharge> charges, List<InFlightSlots.Slot> slots,
        RateLimitDenial denial, List<LeaseNeed> leasesNeeded) {

    public Admission {
        headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers)); // in OpenAI's order
        charges = List.copyOf(charges);
        slots = List.copyOf(slots);
        leasesNeeded = List.copyOf(leasesNeeded);
    }

    Admission(Map<String, String> headers, List<TokenCharge> charges, RateLimitDenial denial) {
        this(headers, charges, List.of(), denial, List.of());
    }

    static Admission needsLeases(List<LeaseNeed> needs) {
        return new Admission(Map.of(), List.of(), List.of(), null, needs);
    }

    public boolean allowed() {
        return denial == null && leasesNeeded.isEmpty();
    }

    public boolean pending() {
        return !leasesNeeded.isEmpty();
    }

    /** Tokens charged up front to one allowance; {@code window} is the shared minute it came from (0 for a bucket). */
    public record TokenCharge(Allowance bucket, long tokens, long window) {

        TokenCharge(Allowance bucket, long tokens) {
            this(bucket, tokens, 0);
        }
    }

    /** A shared counter that must lease at least {@code amount} before the request can be decided. */
    record LeaseNeed(SharedWindowCounter counter, long amount) {}
}
