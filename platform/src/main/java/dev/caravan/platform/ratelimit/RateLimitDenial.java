package dev.caravan.platform.ratelimit;

/**
 * Why a request was refused.
 *
 * @param type              OpenAI's error type: {@code requests} or {@code tokens}
 * @param scope             the limit that refused it, e.g. {@code tenant:acme}
 * @param message           the client's error message, worded as OpenAI words it
 * @param retryAfterSeconds whole seconds until it would pass, or 0 when it never will (too large)
 */
public record RateLimitDenial(String type, String scope, String message, long retryAfterSeconds) {}
