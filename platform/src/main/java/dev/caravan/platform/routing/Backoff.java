package dev.caravan.platform.routing;

import dev.caravan.platform.config.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * How long to wait before retry {@code n} (1-based): exponential backoff with full jitter, capped,
 * and never shorter than the upstream's {@code Retry-After} (seconds or an HTTP date), also capped.
 */
public final class Backoff {

    /**
     * RFC 9110 delay-seconds, with a fraction tolerated; anything else Double.parseDouble takes
     * ({@code Infinity}, {@code 1e3}, {@code 5d}) is not a delay and must not stretch the wait to max_backoff.
     */
    private static final Pattern DELAY_SECONDS = Pattern.compile("\\d+(\\.\\d+)?");

    private Backoff() {}

    public static Duration before(int retry, RetryPolicy policy, String retryAfter) {
        long ceiling = Math.min(policy.maxBackoff().toMillis(), policy.backoff().toMillis() << Math.min(retry - 1, 20));
        long jittered = ThreadLocalRandom.current().nextLong(ceiling + 1);
        long asked = retryAfterMillis(retryAfter);
        return Duration.ofMillis(Math.min(policy.maxBackoff().toMillis(), Math.max(jittered, asked)));
    }

    static long retryAfterMillis(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        String v = value.trim();
        if (DELAY_SECONDS.matcher(v).matches()) {
            return (long) (Double.parseDouble(v) * 1000);
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Math.max(0, Duration.between(Instant.now(), at).toMillis());
        } catch (DateTimeParseException notDate) {
            return 0;
        }
    }
}
