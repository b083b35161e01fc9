package dev.caravan.platform.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.caravan.platform.config.OidcConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/**
 * The identity provider as discovered from {@code {issuer}/.well-known/openid-configuration}
 * (fetched at the first sign-in, then kept): its endpoints, and ID-token verification against its
 * JWKS (signature, issuer, audience = client id, expiry, nonce). Blocking: call it off the I/O threads.
 */
final class OidcProvider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384);

    record Metadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint, JWKSource<SecurityContext> keys) {}

    private final OidcConfig config;
    private final HttpClient http;
    private volatile Metadata metadata;

    OidcProvider(OidcConfig config, HttpClient http) {
        this.config = config;
        this.http = http;
    }

    Metadata metadata() throws IOException, InterruptedException {
        Metadata known = metadata;
        if (known != null) {
            return known;
        }
        String base = config.issuer().toString().replaceAll("/+$", "");
        URI discovery = URI.create(base + "/.well-known/openid-configuration");
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("the identity provider's discovery document " + discovery + " answered " + answer.statusCode());
        }
        JsonNode doc = JSON.readTree(answer.body());
        String issuer = doc.path("issuer").asText("");
        if (!issuer.replaceAll("/+$", "").equals(base)) {
            throw new IOException("the discovery document names issuer '" + issuer + "', not console.oidc.issuer '" + config.issuer() + "'");
        }
        URL jwks = URI.create(doc.path("jwks_uri").asText()).toURL();
        known = new Metadata(issuer, URI.create(doc.path("authorization_endpoint").asText()),
                URI.create(doc.path("token_endpoint").asText()), JWKSourceBuilder.create(jwks).build());
        metadata = known;
        return known;
    }

    /** The ID token's claims when its signature, issuer, audience, expiry and nonce check out; else throws. */
    JWTClaimsSet verify(String idToken, String nonce) throws Exception {
        Metadata provider = metadata();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, provider.keys()));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(config.clientId(),
                new JWTClaimsSet.Builder().issuer(provider.issuer()).claim("nonce", nonce).build(),
                Set.of("sub", "exp", "iat")));
        return processor.process(idToken, null);
    }
}
