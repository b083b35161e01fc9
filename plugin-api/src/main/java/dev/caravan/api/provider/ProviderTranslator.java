package dev.caravan.api.provider;

/**
 * Speaks one configured provider's wire format, made once by its {@link ProviderFactory} with the
 * provider's options already bound. The translator <em>translates</em>; the platform
 * <em>transports</em> (one pooled async HTTP client, timeouts, retries, metrics), so translators
 * never open connections of their own and every provider gets the same reliability.
 *
 * <p>Threading: shared by all calls to its provider, so thread-safe and, beyond its options,
 * stateless (per-stream state lives in the {@link StreamTranslator} it creates). Every method is
 * called on a platform thread, never on a Netty I/O thread, while a client waits: requests are
 * prepared on worker threads, answers are translated on the upstream client's thread that read them
 * (which reads other answers too). Methods must not block, sleep or do I/O, and must not keep
 * references to request bodies after returning.
 *
 * <p>Errors: a request this provider cannot serve is an {@link UnsupportedRequestException}, which
 * the platform turns into a 400 naming the field. Whatever a translator returns or throws, the
 * platform masks the provider's key and key-shaped strings in it before a client, a receipt or a
 * log sees it; translators should still not put them there.
 */
public interface ProviderTranslator {

    /**
     * What this provider can serve: the API families it speaks natively
     * ({@link ProviderCapabilities#families()}), streaming, tools, vision. Read once, when the
     * provider is configured; the platform refuses (or routes past) requests it denies.
     */
    ProviderCapabilities capabilities();

    /** Describes the upstream HTTP request for {@code call}. */
    UpstreamRequest prepare(ProviderCall call);

    /** Translates a successful (2xx) complete upstream body to the canonical response. */
    ProviderResponse translateResponse(ProviderCall call, byte[] upstreamBody);

    /** Starts translating a successful (2xx) upstream event stream for {@code call}. */
    StreamTranslator openStream(ProviderCall call);

    /** Translates an upstream error (non-2xx) to what the client should see. */
    ProviderError translateError(ProviderCall call, int status, byte[] upstreamBody);
}
