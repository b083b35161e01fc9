package dev.caravan.platform.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Trace ids: 32 lower-case hex digits, epoch milliseconds first so they sort by time. */
class TraceIdsTest {

    @Test
    void should_be_32_lower_case_hex_digits() {
        for (int i = 0; i < 1_000; i++) {
            String id = TraceIds.next();
            assertTrue(id.matches("[0-9a-f]{32}"), id);
        }
    }

    @Test
    void should_start_with_current_epoch_millis_in_12_hex_digits() {
        long before = System.currentTimeMillis();
        String id = TraceIds.next();
        long after = System.currentTimeMillis();

        long millis = Long.parseLong(id.substring(0, 12), 16);

        assertTrue(millis >= before && millis <= after, id + " vs " + before + ".." + after);
    }

    @Test
    void should_sort_after_earlier_id_when_made_in_a_later_millisecond() {
        String earlier = TraceIds.next();
        long millis = System.currentTimeMillis();
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (System.currentTimeMillis() == millis && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }

        String later = TraceIds.next();

        assertTrue(earlier.compareTo(later) < 0, earlier + " !< " + later);
    }

    @Test
    void should_not_repeat_when_100k_made_in_a_burst() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(TraceIds.next());
        }

        assertEquals(100_000, ids.size());
    }
}
