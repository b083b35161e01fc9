package dev.caravan.platform.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.caravan.platform.config.AuthThrottleConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Counts failed authentications of one credential kind per source address and per key prefix, and
 * refuses a subject that went over its limit for the cooldown. Callers ask {@link #retryAfterSeconds}
 * <em>before</em> checking the credential, so a throttled guesser learns nothing from its guesses,
 * and report each failure with {@link #failed}. Both are a few in-memory cache operations: safe on
 * a Netty event loop, and a request that authenticates is never slowed.
 *
 * <p>State is bounded: each of the two tables holds at most {@code max_tracked} subjects (beyond it
 * the least used are forgotten) and an entry expires once its window and cooldown are over.
 * Nothing holds the presented credential: only its {@link #prefixOf prefix}.
 */
public final class AuthThrottle {

    /** Which credential a failure was for; the {@code kind} tag of the meters. */
    public enum Kind {
        VIRTUAL_KEY, ADMIN_TOKEN;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Characters of a presented credential that make its prefix (never more than half of it). */
    public static final int PREFIX_CHARS = 12;

    private final Kind kind;
    private final AuthThrottleConfig config;
    private final LongSupplier nanos;
    private final Cache<String, FailureWindow> sources;
    private final Cache<String, FailureWindow> prefixes;
    private final Counter failures;
    private final Counter throttled;
    private final Consumer<AuthBurst> onBurst;

    /**
     * @param nanos   monotonic time ({@code System::nanoTime}); also the caches' ticker
     * @param onBurst told once each time a source or prefix becomes throttled; must not block
     */
    public AuthThrottle(Kind kind, AuthThrottleConfig config, MeterRegistry registry, LongSupplier nanos, Consumer<AuthBurst> onBurst) {
        this.kind = kind;
        this.config = config;
        this.nanos = nanos;
        this.onBurst = onBurst;
        this.sources = table(config, nanos);
        this.prefixes = table(config, nanos);
        this.failures = Counter.builder("caravan.auth.failures").tag("kind", kind.tag())
                .description("Failed authentications: unknown, malformed or revoked credentials").register(registry);
        this.throttled = Counter.builder("caravan.auth.throttled").tag("kind", kind.tag())
                .description("Requests refused with 429 because their source or key prefix failed authentication too often")
                .register(registry);
    }

    private static Cache<String, FailureWindow> table(AuthThrottleConfig config, LongSupplier nanos) {
        // Written at every failure: once window and cooldown have passed since the last one, nothing is left to know.
        return Caffeine.newBuilder()
                .maximumSize(config.maxTracked())
                .expireAfterWrite(config.window().plus(config.cooldown()))
                .ticker(nanos::getAsLong)
                .build();
    }

    /**
     * Whole seconds (at least 1) until {@code source} and {@code keyPrefix} may try again, or 0 when
     * neither is throttled. A positive answer is counted as a throttled request.
     *
     * @param keyPrefix {@link #prefixOf} the presented credential, or null when there is none
     */
    public long retryAfterSeconds(String source, String keyPrefix) {
        if (!config.enabled()) {
            return 0;
        }
        long now = nanos.getAsLong();
        long until = Math.max(blockedUntil(sources, source, now), keyPrefix == null ? 0 : blockedUntil(prefixes, keyPrefix, now));
        if (until == 0) {
            return 0;
        }
        throttled.increment();
        return Math.max(1, (until - now + 999_999_999L) / 1_000_000_000L);
    }

    private static long blockedUntil(Cache<String, FailureWindow> table, String subject, long now) {
        FailureWindow window = table.getIfPresent(subject);
        return window != null && window.blocked(now) ? window.blockedUntil() : 0;
    }

    /**
     * Counts one failed authentication.
     *
     * @param keyPrefix {@link #prefixOf} the credential, or null when it was malformed: a value no
     *                  credential can have groups nothing, so it counts against its source only
     */
    public void failed(String source, String keyPrefix) {
        failures.increment();
        if (!config.enabled()) {
            return;
        }
        count(sources, source, config.sourceFailures(), "source", source, keyPrefix);
        if (keyPrefix != null) {
            count(prefixes, keyPrefix, config.prefixFailures(), "key_prefix", source, keyPrefix);
        }
    }

    private void count(Cache<String, FailureWindow> table, String subject, int limit, String scope, String source, String keyPrefix) {
        long now = nanos.getAsLong();
        long window = config.window().toNanos();
        long cooldown = config.cooldown().toNanos();
        boolean[] burst = new boolean[1];
        table.asMap().compute(subject, (k, old) -> {
            FailureWindow next = (old == null ? FailureWindow.EMPTY : old).failed(now, window, limit, cooldown);
            burst[0] = next.blocked(now) && (old == null || !old.blocked(now));
            return next;
        });
        if (burst[0]) {
            onBurst.accept(new AuthBurst(kind, scope, source, keyPrefix, limit, config.window(), config.cooldown()));
        }
    }

    /**
     * The first {@value #PREFIX_CHARS} characters of a credential, and never more than half of it:
     * enough to tell generated keys apart ({@code sk-cvn-} and 5 random characters, ~30 of their
     * 238 bits), so the guesses at one key share a counter, while the secret itself is never kept.
     */
    public static String prefixOf(String credential) {
        return credential.substring(0, Math.min(PREFIX_CHARS, credential.length() / 2));
    }

    /** A throttle that never refuses and only counts failures, for stages built without one. */
    public static AuthThrottle disabled(Kind kind, MeterRegistry registry) {
        AuthThrottleConfig d = AuthThrottleConfig.DEFAULTS;
        return new AuthThrottle(kind, new AuthThrottleConfig(false, d.sourceFailures(), d.prefixFailures(), d.window(), d.cooldown(), 1),
                registry, System::nanoTime, burst -> { });
    }

    /** Sources remembered now (after pending evictions), for tests of the bound. */
    long trackedSources() {
        sources.cleanUp();
        return sources.estimatedSize();
    }
}
