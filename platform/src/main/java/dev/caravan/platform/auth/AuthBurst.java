package dev.caravan.platform.auth;

import java.time.Duration;

/**
 * A source address or key prefix that has just become throttled: reported once per burst, not per
 * refused request. Never carries the presented credential, only its prefix.
 *
 * @param kind      which credential was guessed
 * @param scope     what was throttled: {@code source} or {@code key_prefix}
 * @param source    the source of the failure that crossed the limit
 * @param keyPrefix the prefix of that failure's credential ({@link AuthThrottle#prefixOf}), or null
 *                  when it was malformed (malformed credentials count per source only)
 * @param failures  failures counted in the window
 * @param window    the counting window
 * @param cooldown  how long the subject is now refused
 */
public record AuthBurst(AuthThrottle.Kind kind, String scope, String source, String keyPrefix, int failures, Duration window,
        Duration cooldown) {

    /** The throttled subject, e.g. {@code source:203.0.113.7} or {@code key_prefix:sk-cvn-Ab3dE}. */
    public String target() {
        return scope + ":" + ("source".equals(scope) ? source : keyPrefix);
    }
}
