package dev.caravan.platform.ratelimit;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code concurrent: N} limits on this node: requests in flight per counted scope. A slot is taken
 * when a request is admitted and released once, by finish step {@code settleRateLimits}, which runs
 * for every admitted request (answers, errors, streams at their end, client disconnects). Guarded
 * by the {@link RateLimiter}'s lock; a count at zero is dropped, so the map holds only busy scopes.
 */
public final class InFlightSlots {

    private final Map<String, Long> inFlight = new HashMap<>();

    long inFlight(String label) {
        return inFlight.getOrDefault(label, 0L);
    }

    Slot take(String label) {
        inFlight.merge(label, 1L, Long::sum);
        return new Slot(label, new AtomicBoolean());
    }

    void release(Slot slot) {
        if (slot.released().compareAndSet(false, true)) {
            inFlight.computeIfPresent(slot.label(), (k, v) -> v <= 1 ? null : v - 1);
        }
    }

    /** One request's place in one scope's count; released at most once. */
    public record Slot(String label, AtomicBoolean released) {}
}
