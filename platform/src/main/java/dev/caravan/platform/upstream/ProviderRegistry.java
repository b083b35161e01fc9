package dev.caravan.platform.upstream;

import dev.caravan.api.ProviderSettings;
import dev.caravan.api.provider.ProviderAdapter;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ProviderConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** The configured providers, each bound to the adapter plugin that speaks its wire format. */
public final class ProviderRegistry {

    /** A provider ready to call. */
    public record Provider(ProviderSettings settings, ProviderAdapter adapter) {}

    private final Map<String, Provider> byId;

    private ProviderRegistry(Map<String, Provider> byId) {
        this.byId = Map.copyOf(byId);
    }

    /** Binds each configured provider to its adapter; the config was checked against the adapters first. */
    public static ProviderRegistry bind(CaravanConfig config, Map<String, ProviderAdapter> adapters) {
        Map<String, Provider> byId = new LinkedHashMap<>();
        for (ProviderConfig p : config.providers()) {
            ProviderAdapter adapter = adapters.get(p.plugin());
            if (adapter == null) {
                throw new IllegalStateException("no adapter '" + p.plugin() + "' for provider '" + p.id() + "'");
            }
            byId.put(p.id(), new Provider(
                    new ProviderSettings(p.id(), p.plugin(), p.baseUrl(), p.apiKey(), p.timeout(), p.headers(), p.options()),
                    adapter));
        }
        return new ProviderRegistry(byId);
    }

    public Provider get(String id) {
        Provider provider = byId.get(id);
        if (provider == null) {
            throw new IllegalStateException("unknown provider '" + id + "'");
        }
        return provider;
    }
}
