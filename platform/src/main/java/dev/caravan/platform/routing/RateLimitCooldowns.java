package dev.caravan.platform.routing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Targets that answered 429, each skipped until the time its upstream asked for: the
 * {@code retry-after-ms} or {@code Retry-After} (seconds or an HTTP date) of the 429, capped; a
 * configured default when it sent neither. While a target cools down routing falls back to the
 * others; with none left the client gets a 429 saying when to retry, with the upstream's
 * {@code x-ratelimit-*} headers of that 429.
 */
public final class RateLimitCooldowns {

    /** A target cooling down until {@code untilNanos} ({@link System#nanoTime}), and what its 429 said. */
    public record Cooldown(long untilNanos, Map<String, String> rateLimitHeaders) {

        public Duration remaining() {
            return Duration.ofNanos(Math.max(0, untilNanos - System.nanoTime()));
        }
    }

    private final Duration fallback;
    private final Duration cap;
    private final Map<String, Cooldown> byTarget = new ConcurrentHashMap<>();

    RateLimitCooldowns(Duration fallback, Duration cap) {
        this.fallback = fallback;
        this.cap = cap;
    }

    /**
     * Starts (or extends) the cooldown of {@code label}.
     *
     * @param headers the 429's forwarded headers, lower-case names ({@code retry-after}, {@code x-ratelimit-*} …)
     */
    public Cooldown start(String label, Map<String, String> headers) {
        long wait = Math.min(cap.toMillis(), askedMillis(headers));
        Map<String, String> rateLimit = new java.util.LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (name.startsWith("x-ratelimit-")) {
                rateLimit.put(name, value);
            }
        });
        Cooldown cooldown = new Cooldown(System.nanoTime() + Duration.ofMillis(wait).toNanos(), Map.copyOf(rateLimit));
        byTarget.merge(label, cooldown, (old, now) -> now.untilNanos() > old.untilNanos() ? now : old);
        return byTarget.get(label);
    }

    /** The running cooldown of {@code label}, or null when it may be called. */
    public Cooldown of(String label) {
        Cooldown cooldown = byTarget.get(label);
        if (cooldown == null) {
            return null;
        }
        if (cooldown.untilNanos() - System.nanoTime() <= 0) {
            byTarget.remove(label, cooldown);
            return null;
        }
        return cooldown;
    }

    private long askedMillis(Map<String, String> headers) {
        String ms = headers.get("retry-after-ms");
        if (ms != null && ms.trim().matches("\\d{1,12}(\\.\\d+)?")) {
            return (long) Double.parseDouble(ms.trim());
        }
        long asked = Backoff.retryAfterMillis(headers.get("retry-after"));
        return asked > 0 ? asked : fallback.toMillis();
    }
}
