package dev.caravan.platform.console;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.caravan.platform.admin.AdminPrincipal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The console's sessions, in memory on this node: at most {@code maxSessions} (past the bound the
 * least recently used is dropped, so that user signs in again), each ending {@code ttl} after sign-in.
 * Session ids are 256 random bits; only their holder (an HttpOnly cookie) can present them.
 */
public final class ConsoleSessions {

    public static final String COOKIE = "caravan_console";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Cache<String, ConsoleSession> sessions;
    private final Duration ttl;
    private final Clock clock;

    public ConsoleSessions(Duration ttl, int maxSessions, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        this.sessions = Caffeine.newBuilder().maximumSize(maxSessions).expireAfterWrite(ttl).build();
    }

    /** Starts a session and returns its id (the cookie's value). */
    public String start(AdminPrincipal principal, String method) {
        String id = randomId();
        sessions.put(id, new ConsoleSession(principal, method, clock.instant().plus(ttl)));
        return id;
    }

    public Optional<ConsoleSession> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        ConsoleSession session = sessions.getIfPresent(id);
        if (session != null && !clock.instant().isBefore(session.expiresAt())) {
            sessions.invalidate(id);
            return Optional.empty();
        }
        return Optional.ofNullable(session);
    }

    public void end(String id) {
        if (id != null) {
            sessions.invalidate(id);
        }
    }

    public Duration ttl() {
        return ttl;
    }

    /** Sessions currently held (approximate, for tests of the bound). */
    public long size() {
        sessions.cleanUp();
        return sessions.estimatedSize();
    }

    static String randomId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
