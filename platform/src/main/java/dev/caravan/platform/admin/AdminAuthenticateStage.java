package dev.caravan.platform.admin;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.pipeline.AuthenticateStage;
import dev.caravan.platform.pipeline.IngressStage;
import dev.caravan.platform.pipeline.ThrottledAuth;

import dev.caravan.api.Secret;
import dev.caravan.platform.auth.AuthThrottle;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code adminAuthenticate}: the gate of every admin route ({@code /admin/...}), placed right
 * after {@code ingress}. {@code Authorization: Bearer <admin.token>} must match the configured token,
 * else 401. With no token configured the admin API is off: every call gets 404 {@code admin_disabled},
 * whatever it sends. On success the request state names the admin caller
 * ({@link RequestState#adminActor()}) for the stages that follow, e.g. to audit a change.
 *
 * <p>Wrong tokens are counted by the {@link AuthThrottle}: a source or token prefix over its limit
 * gets 429 with {@code Retry-After} before the token is compared, the right token included.
 *
 * <p>Virtual keys never open the admin API, and admin calls carry no key, so they leave no receipt.
 */
public final class AdminAuthenticateStage implements Processor {

    /** The caller that {@code admin.token} stands for; one shared token, one actor. */
    public static final String TOKEN_ACTOR = "admin-token";

    private final byte[] tokenDigest;
    private final AuthThrottle throttle;
    private final java.util.List<AdminCredentialSource> sources = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Without throttling: for tests of the token check alone. */
    public AdminAuthenticateStage(Secret token) {
        this(token, AuthThrottle.disabled(AuthThrottle.Kind.ADMIN_TOKEN, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    public AdminAuthenticateStage(Secret token, AuthThrottle throttle) {
        this.tokenDigest = token.isEmpty() ? null : sha256(token.reveal());
        this.throttle = throttle;
    }

    /** Adds a credential source asked before the bearer token (e.g. console sessions); wired once at start. */
    public AdminAuthenticateStage withSource(AdminCredentialSource source) {
        sources.add(source);
        return this;
    }

    @Override
    public void process(Exchange exchange) {
        RequestState state = RequestState.of(exchange);
        for (AdminCredentialSource source : sources) {
            java.util.Optional<AdminPrincipal> principal = source.authenticate(exchange);
            if (principal.isPresent()) {
                state.adminActor(admitted(principal.get()));
                return;
            }
        }
        if (tokenDigest == null) {
            throw new GatewayException(404, "invalid_request_error", "admin_disabled", null,
                    "The admin API is disabled. Set admin.token in the gateway configuration to enable it.");
        }
        String presented = bearer(IngressStage.request(exchange).headers().get("authorization"));
        if (presented == null) {
            throw adminUnauthorized("You didn't provide the admin token. Send it as 'Authorization: Bearer <admin token>'.");
        }
        String source = ThrottledAuth.source(exchange);
        // Quoted in the audit log only when printable; a malformed value counts against its source only.
        String prefix = AuthenticateStage.plausibleKey(presented) ? AuthThrottle.prefixOf(presented) : null;
        GatewayException throttled = ThrottledAuth.refusal(throttle, source, prefix);
        if (throttled != null) {
            throw throttled;
        }
        // Digests have a fixed length, so comparing them in constant time reveals neither content nor length.
        if (!MessageDigest.isEqual(sha256(presented), tokenDigest)) {
            throttle.failed(source, prefix);
            throw adminUnauthorized("Incorrect admin token provided.");
        }
        state.adminActor(TOKEN_ACTOR);
    }

    /**
     * Today every admin operation needs role {@code admin}; a principal of another role (e.g. an
     * OIDC user mapped to finance) is refused until per-operation roles decide.
     */
    private static String admitted(AdminPrincipal principal) {
        if (!AdminPrincipal.ADMIN.equals(principal.role())) {
            throw new GatewayException(403, "permission_error", "insufficient_role", null,
                    "This operation needs role admin; '" + principal.name() + "' has role " + principal.role() + ".");
        }
        return principal.name();
    }

    private static GatewayException adminUnauthorized(String message) {
        return new GatewayException(401, "invalid_request_error", "invalid_admin_token", null, message);
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
