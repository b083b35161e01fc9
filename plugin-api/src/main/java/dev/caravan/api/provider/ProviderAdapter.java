package dev.caravan.api.provider;

import dev.caravan.api.ApiFamily;
import java.util.Set;
import org.pf4j.ExtensionPoint;

/**
 * Speaks one upstream wire format. The adapter <em>translates</em>; the platform
 * <em>transports</em> (one pooled async HTTP client, timeouts, retries, metrics), so adapters
 * never open connections of their own and every provider gets the same reliability.
 *
 * <p>Lifecycle: one instance per plugin, created when the plugin starts and shared by all
 * requests; implementations must be thread-safe and should be stateless (per-stream state lives
 * in the {@link StreamTranslator} it creates).
 *
 * <p>Threading: every method is called on a platform worker thread, never on a Netty I/O
 * thread, while a client waits. Methods must not block, sleep or do I/O, and must not keep
 * references to request bodies after returning.
 *
 * <p>Errors: methods signal a request this provider cannot serve by throwing
 * {@link UnsupportedRequestException}, which the platform turns into a 400 naming the field.
 */
public interface ProviderAdapter extends ExtensionPoint {

    /** The id operators write in {@code providers[].plugin}, e.g. {@code openai}. */
    String id();

    /** The API families this adapter can serve. */
    Set<ApiFamily> families();

    /** Describes the upstream HTTP request for {@code call}. */
    UpstreamRequest prepare(ProviderCall call);

    /** Translates a successful (2xx) complete upstream body to the canonical response. */
    ProviderResponse translateResponse(ProviderCall call, byte[] upstreamBody);

    /** Starts translating a successful (2xx) upstream event stream for {@code call}. */
    StreamTranslator openStream(ProviderCall call);

    /** Translates an upstream error (non-2xx) to what the client should see. */
    ProviderError translateError(ProviderCall call, int status, byte[] upstreamBody);
}
