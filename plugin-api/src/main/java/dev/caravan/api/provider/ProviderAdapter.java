package dev.caravan.api.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.ProviderSettings;
import java.util.Set;
import org.pf4j.ExtensionPoint;

/**
 * The old-style provider extension point: one instance serves every provider that names it, and
 * gets the provider's settings (and options) with each call. Write a {@link ProviderFactory}
 * instead (plugin-api 0.1.3), which binds options once per provider; the platform still loads
 * adapters of this kind, wrapping each one as a factory.
 *
 * <p>Speaks one upstream wire format. The adapter <em>translates</em>; the platform
 * <em>transports</em> (one pooled async HTTP client, timeouts, retries, metrics), so adapters
 * never open connections of their own and every provider gets the same reliability.
 *
 * <p>Lifecycle: one instance per plugin, created when the plugin starts and shared by all
 * requests; implementations must be thread-safe and should be stateless (per-stream state lives
 * in the {@link StreamTranslator} it creates).
 *
 * <p>Threading: every method is called on a platform thread, never on a Netty I/O thread, while
 * a client waits: requests are prepared on worker threads, answers are translated on the upstream
 * client's thread that read them (which reads other answers too). Methods must not block, sleep or
 * do I/O, and must not keep references to request bodies after returning.
 *
 * <p>Errors: methods signal a request this provider cannot serve by throwing
 * {@link UnsupportedRequestException}, which the platform turns into a 400 naming the field.
 */
@Deprecated(since = "0.1.3")
public interface ProviderAdapter extends ExtensionPoint {

    /** The id operators write in {@code providers[].plugin}, e.g. {@code openai}. */
    String id();

    /** The API families this adapter can serve natively (see {@link ProviderCapabilities#families()}). */
    Set<ApiFamily> families();

    /**
     * What the configured {@code provider} can serve; may depend on its options (e.g. a preset for
     * a host without embeddings). Called once per provider at start-up and on reload, not per
     * request. The default: every family in {@link #families()}, with streaming, tools and vision.
     */
    default ProviderCapabilities capabilities(ProviderSettings provider) {
        return ProviderCapabilities.full(families());
    }

    /**
     * Checks a provider's adapter-specific {@code options} (as written under {@code providers[]} in
     * the config) at start-up. Throws {@link IllegalArgumentException} whose message starts with
     * the option's name (e.g. {@code "api_version: required when variant is azure"}); the platform
     * reports it with the config path and refuses to start. The default accepts anything.
     */
    default void checkOptions(JsonNode options) {}

    /** Describes the upstream HTTP request for {@code call}. */
    UpstreamRequest prepare(ProviderCall call);

    /** Translates a successful (2xx) complete upstream body to the canonical response. */
    ProviderResponse translateResponse(ProviderCall call, byte[] upstreamBody);

    /** Starts translating a successful (2xx) upstream event stream for {@code call}. */
    StreamTranslator openStream(ProviderCall call);

    /** Translates an upstream error (non-2xx) to what the client should see. */
    ProviderError translateError(ProviderCall call, int status, byte[] upstreamBody);
}
