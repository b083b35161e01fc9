package dev.caravan.platform.upstream;

import dev.caravan.api.ProviderSettings;
import dev.caravan.api.provider.OptionsException;
import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.api.provider.ProviderFactory;
import dev.caravan.api.provider.ProviderTranslator;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.config.ProviderConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured providers, each configured once by the plugin that speaks its wire format
 * ({@link ProviderFactory#configure}: options bound, capabilities known), not per request.
 */
public final class ProviderRegistry {

    /**
     * A provider ready to call.
     *
     * @param adapter this provider's translator
     * @param limits  how much of its answers the gateway reads ({@code max_response_bytes}, {@code max_event_bytes})
     */
    public record Provider(ProviderSettings settings, ProviderTranslator adapter, ProviderCapabilities capabilities,
            AnswerLimits limits) {}

    private final Map<String, Provider> byId;

    private ProviderRegistry(Map<String, Provider> byId) {
        this.byId = Map.copyOf(byId);
    }

    /**
     * Configures each provider with its plugin; the config was checked against the plugins first.
     * Every option a plugin rejects is reported as {@code providers[i].options.<name>: message}, all
     * at once, and start-up fails (exit code 2).
     */
    public static ProviderRegistry bind(CaravanConfig config, Map<String, ProviderFactory> factories) {
        Map<String, Provider> byId = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < config.providers().size(); i++) {
            ProviderConfig p = config.providers().get(i);
            ProviderFactory factory = factories.get(p.plugin());
            if (factory == null) {
                throw new IllegalStateException("no adapter '" + p.plugin() + "' for provider '" + p.id() + "'");
            }
            ProviderSettings settings = new ProviderSettings(p.id(), p.plugin(), p.baseUrl(), p.apiKey(), p.timeout(), p.headers(), p.options());
            ProviderTranslator translator;
            try {
                translator = factory.configure(settings);
            } catch (OptionsException e) {
                problems.add(optionProblem(i, e.path(), e.problem()));
                continue;
            } catch (IllegalArgumentException e) {
                problems.add(optionProblem(i, e.getMessage()));
                continue;
            }
            if (translator == null) {
                throw new IllegalStateException("plugin '" + p.plugin() + "' configured no translator for provider '" + p.id() + "'");
            }
            // every error, pass-through body and answer of the plugin passes the key scrubber
            byId.put(p.id(), new Provider(settings, new KeyScrubbingTranslator(translator, p.apiKey()), translator.capabilities(),
                    new AnswerLimits(p.maxResponseBytes(), p.maxEventBytes())));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ProviderRegistry(byId);
    }

    /** {@code api_version}, {@code expected a string} → {@code providers[0].options.api_version: expected a string}. */
    static String optionProblem(int index, String path, String problem) {
        return "providers[" + index + "].options" + (path.isEmpty() ? "" : "." + path) + ": " + problem;
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
