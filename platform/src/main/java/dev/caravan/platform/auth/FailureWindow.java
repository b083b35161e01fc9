package dev.caravan.platform.auth;

/**
 * The failures of one subject (a source or a key prefix) in its current window, and until when it
 * is refused. Immutable; {@link AuthThrottle} replaces it atomically in its table.
 *
 * @param start        when the current window began (monotonic nanoseconds)
 * @param failures     failures counted in it
 * @param blockedUntil when the cooldown ends (monotonic nanoseconds); 0 when never throttled
 */
record FailureWindow(long start, int failures, long blockedUntil, boolean everBlocked) {

    static final FailureWindow EMPTY = new FailureWindow(0, 0, 0, false);

    boolean blocked(long now) {
        return everBlocked && now - blockedUntil < 0;
    }

    /**
     * This window after one more failure at {@code now}. While throttled nothing is counted (the
     * credential was not checked, or the request passed the check just before the block); reaching
     * {@code limit} starts the cooldown and a fresh window that begins when the cooldown ends.
     */
    FailureWindow failed(long now, long window, int limit, long cooldown) {
        if (blocked(now)) {
            return this;
        }
        boolean fresh = failures == 0 || now - start >= window;
        int count = fresh ? 1 : failures + 1;
        long begun = fresh ? now : start;
        if (count >= limit) {
            return new FailureWindow(now + cooldown, 0, now + cooldown, true);
        }
        return new FailureWindow(begun, count, blockedUntil, everBlocked);
    }
}
