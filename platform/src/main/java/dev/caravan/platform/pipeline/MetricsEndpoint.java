package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.HttpResponses;

import dev.caravan.platform.config.MetricsConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code metrics}: {@code GET /metrics} in the Prometheus text format, for a scraper. With
 * {@code metrics.enabled: false} it answers 404 {@code metrics_disabled}; with {@code metrics.token}
 * set, a scrape without {@code Authorization: Bearer <token>} gets 401. Without a token the endpoint
 * is open: meant for an internal port or a network that only lets Prometheus in (see docs/metrics.md).
 * A scrape only reads counters in memory, so it does no I/O.
 */
public final class MetricsEndpoint implements Processor {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final boolean enabled;
    private final byte[] tokenDigest;
    private final Supplier<String> scrape;

    public MetricsEndpoint(MetricsConfig config, Supplier<String> scrape) {
        this.enabled = config.enabled();
        this.tokenDigest = config.token().isEmpty() ? null : sha256(config.token().reveal());
        this.scrape = scrape;
    }

    @Override
    public void process(Exchange exchange) {
        if (!enabled) {
            throw new GatewayException(404, "invalid_request_error", "metrics_disabled", null,
                    "The metrics endpoint is disabled. Set metrics.enabled to true in the gateway configuration to enable it.");
        }
        if (tokenDigest != null) {
            checkToken(IngressStage.request(exchange).headers().get("authorization"));
        }
        HttpResponses.text(exchange, 200, CONTENT_TYPE, scrape.get().getBytes(StandardCharsets.UTF_8));
    }

    private void checkToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            throw unauthorized("You didn't provide the metrics token. Send it as 'Authorization: Bearer <metrics token>'.");
        }
        // Digests have a fixed length, so comparing them in constant time reveals neither content nor length.
        if (!MessageDigest.isEqual(sha256(authorization.substring(7).trim()), tokenDigest)) {
            throw unauthorized("Incorrect metrics token provided.");
        }
    }

    private static GatewayException unauthorized(String message) {
        return new GatewayException(401, "invalid_request_error", "invalid_metrics_token", null, message);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
