package dev.caravan.platform.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void should_allow_a_full_minutes_burst_when_new() {
        TokenBucket bucket = new TokenBucket(10, 0);

        bucket.take(10, 0);

        assertEquals(0, bucket.available(0));
        assertEquals(6 * SECOND, bucket.nanosUntil(1, 0));
    }

    @Test
    void should_refill_continuously_at_capacity_per_minute() {
        TokenBucket bucket = new TokenBucket(60, 0);
        bucket.take(60, 0);

        assertEquals(0, bucket.available(SECOND - 1));
        assertEquals(1, bucket.available(SECOND));
        assertEquals(30, bucket.available(30 * SECOND));
    }

    @Test
    void should_never_hold_more_than_its_capacity_when_idle() {
        TokenBucket bucket = new TokenBucket(60, 0);
        bucket.take(1, 0);

        assertEquals(60, bucket.available(10 * 60 * SECOND));
    }

    @Test
    void should_give_tokens_back_up_to_capacity_when_refunded() {
        TokenBucket bucket = new TokenBucket(1000, 0);
        bucket.take(700, 0);

        bucket.refund(500, 0);

        assertEquals(800, bucket.available(0));
        bucket.refund(5000, 0);
        assertEquals(1000, bucket.available(0));
    }

    @Test
    void should_repay_a_debt_before_anything_passes_when_over_debited() {
        TokenBucket bucket = new TokenBucket(600, 0);
        bucket.take(600, 0);

        bucket.take(300, 0); // the request used 300 more than it was charged

        assertEquals(0, bucket.available(0));
        assertEquals(40 * SECOND, bucket.nanosUntil(100, 0)); // 400 tokens at 10 per second
    }

    @Test
    void should_report_the_time_until_full_when_partly_spent() {
        TokenBucket bucket = new TokenBucket(100, 0);
        bucket.take(50, 0);

        assertEquals(30 * SECOND, bucket.nanosUntilFull(0));
        assertEquals(0, bucket.nanosUntilFull(30 * SECOND));
    }
}
