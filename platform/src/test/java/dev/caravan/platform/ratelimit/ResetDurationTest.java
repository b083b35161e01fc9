package dev.caravan.platform.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResetDurationTest {

    private static final long MS = 1_000_000L;

    @Test
    void should_write_milliseconds_when_under_a_second() {
        assertEquals("547ms", ResetDuration.format(547 * MS));
        assertEquals("1ms", ResetDuration.format(1)); // rounded up, never "0s" while a wait remains
    }

    @Test
    void should_write_go_style_durations_when_a_second_or_more() {
        assertEquals("1s", ResetDuration.format(1_000 * MS));
        assertEquals("8.64s", ResetDuration.format(8_640 * MS));
        assertEquals("6m0s", ResetDuration.format(360_000 * MS));
        assertEquals("2m52.8s", ResetDuration.format(172_800 * MS));
        assertEquals("14h29m11.04s", ResetDuration.format((14 * 3_600_000L + 29 * 60_000 + 11_040) * MS));
    }

    @Test
    void should_write_zero_seconds_when_nothing_to_wait() {
        assertEquals("0s", ResetDuration.format(0));
    }

    @Test
    void should_round_retry_after_up_to_whole_seconds() {
        assertEquals(1, ResetDuration.retryAfterSeconds(1));
        assertEquals(6, ResetDuration.retryAfterSeconds(5_000 * MS + 1));
        assertEquals(6, ResetDuration.retryAfterSeconds(6_000 * MS));
    }
}
