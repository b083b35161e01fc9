package dev.caravan.platform.config;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code console:} — the web console at {@code /console}: how long a sign-in lasts, how many
 * sessions are kept at most (the oldest go first past the bound), and the optional OpenID Connect
 * identity provider ({@code console.oidc}).
 */
public record ConsoleConfig(Duration sessionTtl, int maxSessions, Optional<OidcConfig> oidc) {

    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(8);
    public static final int DEFAULT_MAX_SESSIONS = 10_000;

    public static ConsoleConfig defaults() {
        return new ConsoleConfig(DEFAULT_SESSION_TTL, DEFAULT_MAX_SESSIONS, Optional.empty());
    }
}
