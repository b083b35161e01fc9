package dev.caravan.platform.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.caravan.platform.admin.AdminPrincipal;
import dev.caravan.platform.config.OidcConfig;
import dev.caravan.platform.exchange.QueryParameters;
import dev.caravan.platform.pipeline.IngressStage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages {@code oidcStart} and {@code oidcCallback}: console sign-in with OpenID Connect, the
 * authorization code flow with PKCE (S256). Start keeps (state → nonce, code verifier) for ten
 * minutes in a bounded map and redirects to the provider; the callback takes the state back out
 * (once), exchanges the code, verifies the ID token ({@link OidcProvider}), maps the role claim to
 * a role and starts a console session. Failures return to the console with the reason, never a
 * blank page. The provider calls run on two sign-in threads with a bounded queue, not on I/O threads.
 */
final class OidcSignIn {

    private static final Logger LOG = LoggerFactory.getLogger(OidcSignIn.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Pending(String nonce, String verifier, String redirectUri) {}

    private final OidcConfig config;
    private final ConsoleSessions sessions;
    private final OidcProvider provider;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Cache<String, Pending> pending = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10)).build();
    private final ExecutorService executor = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(100), runnable -> {
                Thread thread = new Thread(runnable, "caravan-oidc-sign-in");
                thread.setDaemon(true);
                return thread;
            });

    OidcSignIn(OidcConfig config, ConsoleSessions sessions, Clock clock) {
        this.config = config;
        this.sessions = sessions;
        this.provider = new OidcProvider(config, http);
    }

    Processor start() {
        return offThread(exchange -> {
            OidcProvider.Metadata idp = provider.metadata();
            String state = ConsoleSessions.randomId();
            String nonce = ConsoleSessions.randomId();
            String verifier = ConsoleSessions.randomId();
            String redirect = redirectUri(exchange);
            pending.put(state, new Pending(nonce, verifier, redirect));
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            String location = idp.authorizationEndpoint() + (idp.authorizationEndpoint().getQuery() == null ? "?" : "&")
                    + form(Map.of("response_type", "code", "client_id", config.clientId(), "redirect_uri", redirect,
                    "scope", config.scopes(), "state", state, "nonce", nonce, "code_challenge", challenge,
                    "code_challenge_method", "S256"));
            ConsoleResponses.redirect(exchange, location, Map.of());
        });
    }

    Processor callback() {
        return offThread(exchange -> {
            String error = query(exchange, "error");
            if (error != null) {
                fail(exchange, "The identity provider refused the sign-in: " + error + ".");
                return;
            }
            String state = query(exchange, "state");
            Pending started = state == null ? null : pending.asMap().remove(state);
            if (started == null) {
                fail(exchange, "This sign-in was not started here or has expired (state unknown). Start again.");
                return;
            }
            String code = query(exchange, "code");
            if (code == null || code.isEmpty()) {
                fail(exchange, "The identity provider sent no authorization code.");
                return;
            }
            JWTClaimsSet claims;
            try {
                claims = provider.verify(idToken(code, started), started.nonce());
            } catch (Exception e) {
                LOG.warn("console OIDC sign-in refused: {}", e.getMessage());
                fail(exchange, "The ID token was refused: " + e.getMessage());
                return;
            }
            String role = role(claims);
            String name = name(claims);
            if (role == null) {
                fail(exchange, "'" + name + "' has no Caravan role: no value of the '" + config.roleClaim()
                        + "' claim is mapped in console.oidc.roles.");
                return;
            }
            String id = sessions.start(new AdminPrincipal(name, role, null), "oidc");
            ConsoleResponses.redirect(exchange, "/console",
                    Map.of("set-cookie", ConsoleCookies.set(id, sessions.ttl(), ConsoleCookies.secure(exchange))));
        });
    }

    private String idToken(String code, Pending started) throws Exception {
        Map<String, String> fields = new java.util.LinkedHashMap<>(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", started.redirectUri(), "code_verifier", started.verifier(), "client_id", config.clientId()));
        HttpRequest.Builder request = HttpRequest.newBuilder(provider.metadata().tokenEndpoint())
                .timeout(Duration.ofSeconds(10))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)));
        if (!config.clientSecret().isEmpty()) {
            String basic = URLEncoder.encode(config.clientId(), StandardCharsets.UTF_8) + ":"
                    + URLEncoder.encode(config.clientSecret().reveal(), StandardCharsets.UTF_8);
            request.header("authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(answer.body());
        if (answer.statusCode() != 200 || !body.path("id_token").isTextual()) {
            throw new IllegalStateException("the token endpoint answered " + answer.statusCode() + " "
                    + body.path("error").asText("without an ID token"));
        }
        return body.path("id_token").asText();
    }

    /** The role of the first value of the role claim (a string or a list) that console.oidc.roles maps. */
    private String role(JWTClaimsSet claims) {
        Object value = claims.getClaim(config.roleClaim());
        List<?> values = value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
        for (Object entry : values) {
            String role = config.roles().get(String.valueOf(entry));
            if (role != null) {
                return role;
            }
        }
        return null;
    }

    private static String name(JWTClaimsSet claims) {
        for (String claim : List.of("preferred_username", "email")) {
            Object value = claims.getClaim(claim);
            if (value instanceof String text && !text.isBlank()) {
                return text;
            }
        }
        return claims.getSubject();
    }

    private String redirectUri(Exchange exchange) {
        if (config.redirectUri().isPresent()) {
            return config.redirectUri().get().toString();
        }
        String host = IngressStage.request(exchange).headers().get("host");
        return (ConsoleCookies.secure(exchange) ? "https" : "http") + "://" + host + "/console/oidc/callback";
    }

    private static String query(Exchange exchange, String name) throws java.net.URISyntaxException {
        String uri = IngressStage.request(exchange).uri();
        int at = uri.indexOf('?');
        if (at < 0) {
            return null;
        }
        List<String> values = QueryParameters.decode(uri.substring(at + 1)).get(name);
        return values == null || values.size() != 1 ? null : values.get(0);
    }

    private static void fail(Exchange exchange, String message) {
        ConsoleResponses.redirect(exchange, "/console?error=" + URLEncoder.encode(message, StandardCharsets.UTF_8), Map.of());
    }

    private static String form(Map<String, String> fields) {
        StringJoiner out = new StringJoiner("&");
        fields.forEach((k, v) -> out.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    private interface Step {
        void run(Exchange exchange) throws Exception;
    }

    /** Runs {@code step} on a sign-in thread; a full queue or an unreachable provider returns to the console with why. */
    private Processor offThread(Step step) {
        return new AsyncProcessorSupport() {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                try {
                    CompletableFuture.runAsync(() -> {
                        try {
                            step.run(exchange);
                        } catch (Exception e) {
                            LOG.warn("console OIDC sign-in failed: {}", e.toString());
                            OidcSignIn.fail(exchange, "Sign-in with the identity provider failed: " + e.getMessage());
                        }
                    }, executor).whenComplete((ignored, e) -> callback.done(false));
                    return false;
                } catch (RejectedExecutionException e) {
                    OidcSignIn.fail(exchange, "Too many sign-ins at once; try again in a moment.");
                    callback.done(true);
                    return true;
                }
            }
        };
    }
}
