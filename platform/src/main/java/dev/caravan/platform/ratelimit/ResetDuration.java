package dev.caravan.platform.ratelimit;

import java.math.BigDecimal;

/**
 * Formats a wait the way OpenAI's {@code x-ratelimit-reset-*} headers and messages do (Go's
 * duration notation): {@code 0s}, {@code 547ms}, {@code 1s}, {@code 8.64s}, {@code 6m0s},
 * {@code 1h2m3.5s}. Rounded up to the millisecond, so a client that waits that long finds the
 * tokens there.
 */
final class ResetDuration {

    private ResetDuration() {}

    static String format(long nanos) {
        if (nanos <= 0) {
            return "0s";
        }
        long millis = (nanos + 999_999) / 1_000_000;
        if (millis < 1_000) {
            return millis + "ms";
        }
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        String seconds = BigDecimal.valueOf(millis % 60_000, 3).stripTrailingZeros().toPlainString();
        StringBuilder out = new StringBuilder();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(seconds).append('s').toString();
    }

    /** Whole seconds for {@code Retry-After}, rounded up, at least 1. */
    static long retryAfterSeconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999) / 1_000_000_000);
    }
}
