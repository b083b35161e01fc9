package dev.caravan.platform.pipeline;

import dev.caravan.api.Secret;
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
 * <p>Virtual keys never open the admin API, and admin calls carry no key, so they leave no receipt.
 */
public final class AdminAuthenticateStage implements Processor {

    /** The caller that {@code admin.token} stands for; one shared token, one actor. */
    public static final String TOKEN_ACTOR = "admin-token";

    private final byte[] tokenDigest;

    public AdminAuthenticateStage(Secret token) {
        this.tokenDigest = token.isEmpty() ? null : sha256(token.reveal());
    }

    @Override
    public void process(Exchange exchange) {
        RequestState state = RequestState.of(exchange);
        if (tokenDigest == null) {
            throw new GatewayException(404, "invalid_request_error", "admin_disabled", null,
                    "The admin API is disabled. Set admin.token in the gateway configuration to enable it.");
        }
        String presented = bearer(IngressStage.request(exchange).headers().get("authorization"));
        if (presented == null) {
            throw adminUnauthorized("You didn't provide the admin token. Send it as 'Authorization: Bearer <admin token>'.");
        }
        // Digests have a fixed length, so comparing them in constant time reveals neither content nor length.
        if (!MessageDigest.isEqual(sha256(presented), tokenDigest)) {
            throw adminUnauthorized("Incorrect admin token provided.");
        }
        state.adminActor(TOKEN_ACTOR);
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
