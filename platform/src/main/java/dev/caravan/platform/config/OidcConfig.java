package dev.caravan.platform.config;

import dev.caravan.api.Secret;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * {@code console.oidc:} — sign-in to the console with an OpenID Connect provider (authorization
 * code with PKCE). {@code roles} maps a value of the ID token's {@code roleClaim} (a string or a
 * list, e.g. {@code groups}) to a Caravan admin role; a user none of whose values is mapped cannot
 * sign in. {@code redirectUri} empty: {@code <request's origin>/console/oidc/callback}.
 */
public record OidcConfig(URI issuer, String clientId, Secret clientSecret, String roleClaim,
        Map<String, String> roles, Optional<URI> redirectUri, String scopes) {

    public OidcConfig {
        roles = Map.copyOf(roles);
    }
}
