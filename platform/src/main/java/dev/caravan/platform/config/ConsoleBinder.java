package dev.caravan.platform.config;

import dev.caravan.api.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Binds {@code console:} ({@link ConsoleConfig}); every problem names its path. */
final class ConsoleBinder {

    /** The admin roles a claim value may map to (docs/admin-api.md). */
    static final Set<String> ROLES = Set.of("admin", "finance", "auditor", "tenant-admin");

    private ConsoleBinder() {}

    static ConsoleConfig bind(ConfigNode root) {
        ConfigNode s = root.section("console");
        s.allowOnly("session_ttl_minutes", "max_sessions", "oidc");
        int ttlMinutes = ConfigValues.integer(s, "session_ttl_minutes",
                (int) ConsoleConfig.DEFAULT_SESSION_TTL.toMinutes(), 1, 7 * 24 * 60);
        int maxSessions = ConfigValues.integer(s, "max_sessions", ConsoleConfig.DEFAULT_MAX_SESSIONS, 1, 1_000_000);
        Optional<OidcConfig> oidc = s.has("oidc") ? oidc(s.section("oidc")) : Optional.empty();
        return new ConsoleConfig(Duration.ofMinutes(ttlMinutes), maxSessions, oidc);
    }

    private static Optional<OidcConfig> oidc(ConfigNode s) {
        s.allowOnly("issuer", "client_id", "client_secret", "role_claim", "roles", "redirect_uri", "scopes");
        Optional<URI> issuer = s.requiredText("issuer").flatMap(text -> httpUri(s, "issuer", text));
        Optional<String> clientId = s.requiredText("client_id");
        Secret secret = s.secret("client_secret").orElse(Secret.empty());
        String roleClaim = s.text("role_claim").orElse("groups");
        Map<String, String> roles = s.textMap("roles");
        if (roles.isEmpty()) {
            s.report("roles", "required: map at least one value of the '" + roleClaim + "' claim to a role, e.g. caravan-admins: admin");
        }
        roles.forEach((value, role) -> {
            if (!ROLES.contains(role)) {
                s.section("roles").report(value, "must be one of " + new java.util.TreeSet<>(ROLES) + ", got '" + role + "'");
            }
        });
        Optional<URI> redirect = s.text("redirect_uri").flatMap(text -> httpUri(s, "redirect_uri", text));
        String scopes = s.text("scopes").orElse("openid profile email");
        if (!(" " + scopes + " ").contains(" openid ")) {
            s.report("scopes", "must include openid, got '" + scopes + "'");
        }
        if (issuer.isEmpty() || clientId.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new OidcConfig(issuer.get(), clientId.get(), secret, roleClaim, roles, redirect, scopes));
    }

    private static Optional<URI> httpUri(ConfigNode s, String key, String text) {
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        s.report(key, "must be an http(s) URL, got '" + text + "'");
        return Optional.empty();
    }
}
