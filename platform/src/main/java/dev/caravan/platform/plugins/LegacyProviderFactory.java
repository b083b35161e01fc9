package dev.caravan.platform.plugins;

import dev.caravan.api.ProviderSettings;
import dev.caravan.api.provider.ProviderAdapter;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderFactory;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.ProviderTranslator;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UpstreamRequest;

/**
 * An old-style {@link ProviderAdapter} (plugin-api before 0.1.3) served as a {@link ProviderFactory}:
 * {@link #configure} runs its {@code checkOptions} and {@code capabilities} once per provider; every
 * call goes to the one shared adapter, which reads the options itself.
 */
@SuppressWarnings("deprecation")
public final class LegacyProviderFactory implements ProviderFactory {

    private final ProviderAdapter adapter;

    public LegacyProviderFactory(ProviderAdapter adapter) {
        this.adapter = adapter;
    }

    public ProviderAdapter adapter() {
        return adapter;
    }

    @Override
    public String id() {
        return adapter.id();
    }

    @Override
    public ProviderTranslator configure(ProviderSettings provider) {
        adapter.checkOptions(provider.options());
        ProviderCapabilities capabilities = adapter.capabilities(provider);
        return new ProviderTranslator() {
            @Override
            public ProviderCapabilities capabilities() {
                return capabilities;
            }

            @Override
            public UpstreamRequest prepare(ProviderCall call) {
                return adapter.prepare(call);
            }

            @Override
            public ProviderResponse translateResponse(ProviderCall call, byte[] upstreamBody) {
                return adapter.translateResponse(call, upstreamBody);
            }

            @Override
            public StreamTranslator openStream(ProviderCall call) {
                return adapter.openStream(call);
            }

            @Override
            public ProviderError translateError(ProviderCall call, int status, byte[] upstreamBody) {
                return adapter.translateError(call, status, upstreamBody);
            }
        };
    }
}
