package dev.caravan.platform.logging;

import dev.caravan.platform.storage.KeyPrivacyRepository;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ids of keys flagged do-not-track, re-read from the database at most every
 * {@link #REFRESH} by the log writer's thread (never on the request path). A flag set through
 * the CLI takes effect within that time; until the first read succeeds every key counts as
 * do-not-track, so a database hiccup at start-up can only store fewer bodies, never more.
 */
public final class DoNotTrackKeys {

    static final Duration REFRESH = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(DoNotTrackKeys.class);

    private final Supplier<Set<String>> source;
    private volatile Set<String> ids;
    private volatile long readAt;

    public DoNotTrackKeys(KeyPrivacyRepository repository) {
        this(repository::doNotTrackKeyIds);
    }

    DoNotTrackKeys(Supplier<Set<String>> source) {
        this.source = source;
    }

    /** Re-reads the flags when they are older than {@link #REFRESH}; call from the writer thread. */
    public void refreshIfStale() {
        long now = System.nanoTime();
        if (ids != null && now - readAt < REFRESH.toNanos()) {
            return;
        }
        try {
            ids = source.get();
            readAt = now;
        } catch (RuntimeException e) {
            LOG.warn("Cannot read do-not-track keys (keeping the last known set): {}", e.getMessage());
        }
    }

    /** True when the key is flagged, or when the flags were never read. */
    public boolean contains(String keyId) {
        Set<String> known = ids;
        return known == null || known.contains(keyId);
    }
}
