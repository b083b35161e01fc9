package dev.caravan.platform.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.config.RetryPolicy;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LongSummaryStatistics;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffTest {

    private static final int SAMPLES = 10_000;

    /** Enough to see that Retry-After is ignored, without parsing it 10,000 times. */
    private static final int FEW = 200;

    /** 100 ms base, 10 s cap. */
    private static final RetryPolicy POLICY = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(10));

    /** Waits before retry {@code n} over many samples, in milliseconds. */
    private static LongSummaryStatistics waits(int retry, RetryPolicy policy, String retryAfter) {
        return waits(SAMPLES, retry, policy, retryAfter);
    }

    private static LongSummaryStatistics waits(int samples, int retry, RetryPolicy policy, String retryAfter) {
        return IntStream.range(0, samples)
                .mapToLong(i -> Backoff.before(retry, policy, retryAfter).toMillis())
                .summaryStatistics();
    }

    private static String httpDate(Duration fromNow) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plus(fromNow));
    }

    // --- exponential backoff with full jitter ---

    @Test
    void should_wait_up_to_base_when_first_retry() {
        assertTrue(waits(1, POLICY, null).getMax() <= 100);
    }

    @Test
    void should_double_ceiling_when_each_retry_follows() {
        LongSummaryStatistics third = waits(3, POLICY, null);

        // ceiling 100 × 2² = 400; with 10,000 uniform samples some exceed the previous ceiling of 200
        assertTrue(third.getMax() <= 400 && third.getMax() > 200, third.toString());
    }

    @Test
    void should_cap_wait_when_ceiling_exceeds_max_backoff() {
        RetryPolicy capped = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(300));

        LongSummaryStatistics tenth = waits(10, capped, null);

        assertTrue(tenth.getMax() <= 300 && tenth.getMax() > 270, tenth.toString());
    }

    @Test
    void should_not_overflow_when_retry_number_is_large() {
        LongSummaryStatistics far = waits(64, POLICY, null);

        assertTrue(far.getMin() >= 0 && far.getMax() <= 10_000, far.toString());
    }

    @Test
    void should_spread_waits_over_whole_range_when_jittered() {
        LongSummaryStatistics second = waits(2, POLICY, null);

        // full jitter: uniform over [0, 200], mean 100
        assertTrue(second.getMin() >= 0 && second.getMin() < 20, second.toString());
        assertTrue(second.getMax() <= 200 && second.getMax() > 180, second.toString());
        assertTrue(Math.abs(second.getAverage() - 100) < 5, second.toString());
    }

    // --- Retry-After ---

    @Test
    void should_wait_as_asked_when_retry_after_gives_seconds() {
        assertEquals(Duration.ofSeconds(2), Backoff.before(1, POLICY, "2"));
    }

    @Test
    void should_wait_as_asked_when_retry_after_seconds_have_a_fraction() {
        assertEquals(Duration.ofMillis(1_500), Backoff.before(1, POLICY, "1.5"));
    }

    @Test
    void should_cap_retry_after_when_seconds_overflow_a_long() {
        assertEquals(Duration.ofSeconds(10), Backoff.before(1, POLICY, "99999999999999999999999"));
    }

    @Test
    void should_cap_retry_after_when_seconds_exceed_max_backoff() {
        assertEquals(Duration.ofSeconds(10), Backoff.before(1, POLICY, "120"));
    }

    @Test
    void should_wait_until_date_when_retry_after_gives_http_date() {
        long wait = Backoff.before(1, POLICY, httpDate(Duration.ofSeconds(6))).toMillis();

        // the date has whole seconds, so up to one second is lost to truncation and the clock
        assertTrue(wait > 4_000 && wait <= 6_000, wait + " ms");
    }

    @Test
    void should_cap_retry_after_when_http_date_is_beyond_max_backoff() {
        assertEquals(Duration.ofSeconds(10), Backoff.before(1, POLICY, httpDate(Duration.ofHours(1))));
    }

    @Test
    void should_use_own_backoff_when_retry_after_date_has_passed() {
        assertTrue(waits(FEW, 1, POLICY, httpDate(Duration.ofHours(-1))).getMax() <= 100);
    }

    @Test
    void should_use_own_backoff_when_own_backoff_is_longer_than_retry_after() {
        RetryPolicy slow = new RetryPolicy(1, Duration.ofSeconds(5), Duration.ofSeconds(10));

        LongSummaryStatistics waits = waits(FEW, 1, slow, "1");

        assertTrue(waits.getMin() >= 1_000 && waits.getMax() > 4_000, waits.toString());
    }

    @Test
    void should_ignore_retry_after_when_it_is_not_a_number_or_date() {
        assertTrue(waits(FEW, 1, POLICY, "soon").getMax() <= 100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Infinity", "NaN", "1e3", "0x1p4", "5d", "+7"})
    void should_ignore_retry_after_when_it_is_not_plain_delay_seconds(String retryAfter) {
        assertTrue(waits(FEW, 1, POLICY, retryAfter).getMax() <= 100, retryAfter);
    }

    @Test
    void should_ignore_retry_after_when_it_is_blank() {
        assertTrue(waits(FEW, 1, POLICY, " ").getMax() <= 100);
    }

    @Test
    void should_ignore_retry_after_when_seconds_are_negative() {
        assertTrue(waits(FEW, 1, POLICY, "-5").getMax() <= 100);
    }
}
