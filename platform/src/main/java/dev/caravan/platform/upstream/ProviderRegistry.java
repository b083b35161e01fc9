package dev.caravan.platform.upstream;

import dev.caravan.api.ProviderSettings;
import dev.caravan.api.provider.ProviderAdapter;
import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.config.ProviderConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured providers, each bound to the adapter plugin that speaks its wire format, with
 * what it can serve computed once here (not per request).
 */
public final class ProviderRegistry {

    /**
     * A provider ready to call.
     *
     * @param limits how much of its answers the gateway reads ({@code max_response_bytes}, {@code max_event_bytes})
     */
    public record Provider(ProviderSettings settings, ProviderAdapter adapter, ProviderCapabilities capabilities,
            AnswerLimits limits) {}

    private final Map<String, Provider> byId;

    private ProviderRegistry(Map<String, Provider> byId) {
        this.byId = Map.copyOf(byId);
    }

    /**
     * Binds each configured provider to its adapter; the config was checked against the adapters
     * first. Each adapter checks its providers' {@code options}: every rejection is reported as
     * {@code providers[i].options.<name>: message}, all at once, and start-up fails (exit code 2).
     */
    public static ProviderRegistry bind(CaravanConfig config, Map<String, ProviderAdapter> adapters) {
        Map<String, Provider> byId = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < config.providers().size(); i++) {
            ProviderConfig p = config.providers().get(i);
            ProviderAdapter adapter = adapters.get(p.plugin());
            if (adapter == null) {
                throw new IllegalStateException("no adapter '" + p.plugin() + "' for provider '" + p.id() + "'");
            }
            try {
                adapter.checkOptions(p.options());
            } catch (IllegalArgumentException e) {
                problems.add(optionProblem(i, e.getMessage()));
                continue;
            }
            ProviderSettings settings = new ProviderSettings(p.id(), p.plugin(), p.baseUrl(), p.apiKey(), p.timeout(), p.headers(), p.options());
            byId.put(p.id(), new Provider(settings, adapter, adapter.capabilities(settings),
                    new AnswerLimits(p.maxResponseBytes(), p.maxEventBytes())));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ProviderRegistry(byId);
    }

    /** {@code "api_version: required"} → {@code providers[0].options.api_version: required}. */
    static String optionProblem(int index, String message) {
        String path = "providers[" + index + "].options";
        if (message == null || message.isBlank()) {
            return path + ": rejected by the provider plugin";
        }
        int colon = message.indexOf(": ");
        String name = colon > 0 ? message.substring(0, colon) : "";
        if (!name.isEmpty() && name.matches("[A-Za-z0-9_.\\[\\]-]+")) {
            return path + "." + name + ": " + message.substring(colon + 2);
        }
        return path + ": " + message;
    }

    public Provider get(String id) {
        Provider provider = byId.get(id);
        if (provider == null) {
            throw new IllegalStateException("unknown provider '" + id + "'");
        }
        return provider;
    }
}
