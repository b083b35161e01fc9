package dev.caravan.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderFactory;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.ProviderTranslator;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UpstreamRequest;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls a {@link ProviderFactory} the way the gateway does: each provider ({@link ProviderCall#provider()})
 * is configured once, on its first call, and its translator serves every later call to it. Lets a
 * test call translation methods with calls to differently configured providers.
 */
public final class ProviderHarness {

    private final ProviderFactory factory;
    private final Map<ProviderSettings, ProviderTranslator> configured = new ConcurrentHashMap<>();

    public ProviderHarness(ProviderFactory factory) {
        this.factory = factory;
    }

    public ProviderFactory factory() {
        return factory;
    }

    public String id() {
        return factory.id();
    }

    /** The translator of {@code provider}, configured on first use. */
    public ProviderTranslator configure(ProviderSettings provider) {
        return configured.computeIfAbsent(provider, factory::configure);
    }

    /** Configures a provider with {@code options} (and placeholder settings), as start-up does; throws what the plugin throws. */
    public ProviderTranslator checkOptions(JsonNode options) {
        return factory.configure(settings(options));
    }

    public ProviderCapabilities capabilities(ProviderSettings provider) {
        return configure(provider).capabilities();
    }

    public UpstreamRequest prepare(ProviderCall call) {
        return configure(call.provider()).prepare(call);
    }

    public ProviderResponse translateResponse(ProviderCall call, byte[] upstreamBody) {
        return configure(call.provider()).translateResponse(call, upstreamBody);
    }

    public StreamTranslator openStream(ProviderCall call) {
        return configure(call.provider()).openStream(call);
    }

    public ProviderError translateError(ProviderCall call, int status, byte[] upstreamBody) {
        return configure(call.provider()).translateError(call, status, upstreamBody);
    }

    /** A provider of this plugin at a local address with no key and the given options. */
    public ProviderSettings settings(JsonNode options) {
        return new ProviderSettings("test", factory.id(), URI.create("http://127.0.0.1:9/v1"), Secret.empty(),
                Duration.ofSeconds(30), Map.of(), options);
    }
}
