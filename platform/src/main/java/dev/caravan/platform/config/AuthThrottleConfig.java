package dev.caravan.platform.config;

import java.time.Duration;

/**
 * {@code auth_throttle:} — how many failed authentications (unknown, malformed or revoked virtual
 * keys; wrong admin tokens) a source address and a key prefix may cause per window before the
 * gateway refuses them with 429 for the cooldown (docs/security.md#credential-guessing).
 *
 * @param enabled        false turns throttling off (failures are still counted in the metrics)
 * @param sourceFailures failed authentications one source address (an IPv4 address, an IPv6 /64)
 *                       may cause per window; one more and the source is throttled
 * @param prefixFailures failed authentications per key prefix (the first characters of the
 *                       presented credential) per window, whatever the source
 * @param window         the counting window, from a subject's first failure
 * @param cooldown       how long a throttled source or prefix is refused, valid credentials included
 * @param maxTracked     sources, and separately prefixes, remembered at most per credential kind;
 *                       beyond it the least used are forgotten
 */
public record AuthThrottleConfig(boolean enabled, int sourceFailures, int prefixFailures, Duration window, Duration cooldown,
        int maxTracked) {

    public static final AuthThrottleConfig DEFAULTS =
            new AuthThrottleConfig(true, 50, 20, Duration.ofSeconds(60), Duration.ofSeconds(60), 100_000);
}
