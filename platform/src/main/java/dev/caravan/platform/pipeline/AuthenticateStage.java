package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;

import dev.caravan.platform.auth.AuthThrottle;
import io.netty.handler.codec.http.HttpHeaders;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Stage {@code authenticate}: {@code Authorization: Bearer <virtual key>} or
 * {@code x-api-key: <virtual key>} must name an active key, else 401. Asynchronous, so a cache miss
 * waits for the database without holding the pipeline thread.
 *
 * <p>Failed authentications are counted by the {@link AuthThrottle}: a source or key prefix over its
 * limit gets 429 with {@code Retry-After} before its key is even looked up, so guessing keys stops
 * being an oracle. A missing key is not counted: it guesses nothing.
 */
public final class AuthenticateStage extends AsyncProcessorSupport {

    private final KeyAuthenticator authenticator;
    private final AuthThrottle throttle;

    /** Without throttling (failures counted nowhere): for tests of the key check alone. */
    public AuthenticateStage(KeyAuthenticator authenticator) {
        this(authenticator, AuthThrottle.disabled(AuthThrottle.Kind.VIRTUAL_KEY, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    public AuthenticateStage(KeyAuthenticator authenticator, AuthThrottle throttle) {
        this.authenticator = authenticator;
        this.throttle = throttle;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RequestState state = RequestState.of(exchange);
        String presented = presentedKey(IngressStage.request(exchange).headers());
        if (presented == null) {
            exchange.setException(GatewayException.unauthorized(
                    "You didn't provide an API key. Send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'."));
            callback.done(true);
            return true;
        }
        String source = ThrottledAuth.source(exchange);
        boolean plausible = plausibleKey(presented);
        // A malformed value groups nothing and is not safe to quote in the audit log: source only.
        String prefix = plausible ? AuthThrottle.prefixOf(presented) : null;
        GatewayException throttled = ThrottledAuth.refusal(throttle, source, prefix);
        if (throttled != null) {
            exchange.setException(throttled);
            callback.done(true);
            return true;
        }
        if (!plausible) {
            // Never a database look-up (nor a cache entry) for a value no key can have.
            throttle.failed(source, null);
            exchange.setException(GatewayException.unauthorized("Incorrect API key provided."));
            callback.done(true);
            return true;
        }
        java.util.concurrent.CompletableFuture<java.util.Optional<dev.caravan.platform.storage.VirtualKey>> lookup;
        try {
            lookup = authenticator.authenticate(presented);
        } catch (RuntimeException e) {
            lookup = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        boolean sync = lookup.isDone();
        lookup.whenComplete((key, error) -> {
            if (error != null) {
                exchange.setException(new GatewayException(503, "api_error", "storage_unavailable", null,
                        "The gateway cannot check API keys right now; retry shortly.", null, error));
            } else if (key.isEmpty()) {
                throttle.failed(source, prefix);
                exchange.setException(GatewayException.unauthorized("Incorrect API key provided."));
            } else {
                state.key(key.get());
            }
            callback.done(sync);
        });
        return sync;
    }

    /** Longest value looked up as a key; generated and configured keys are far shorter. */
    static final int MAX_KEY_LENGTH = 512;

    /** Printable ASCII only (no control character, NUL, space or non-ASCII), at most {@value #MAX_KEY_LENGTH} long. */
    public static boolean plausibleKey(String key) {
        if (key.length() > MAX_KEY_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    static String presentedKey(HttpHeaders headers) {
        String authorization = headers.get("authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).trim();
            return key.isEmpty() ? null : key;
        }
        String apiKey = headers.get("x-api-key");
        return apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    }
}
