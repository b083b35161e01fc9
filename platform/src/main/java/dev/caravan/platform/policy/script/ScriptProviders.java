package dev.caravan.platform.policy.script;

import dev.caravan.api.ProviderSettings;
import dev.caravan.api.provider.ProviderFactory;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.config.ProviderConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The provider scripts of the policies folder ({@code providers/<name>.groovy}) as provider kinds
 * named {@code script:<name>}, configured like any provider ({@code providers[i].plugin}).
 * Configured means enforced: a named script that has no file or does not load stops start-up,
 * naming {@code providers[i].plugin}.
 */
public final class ScriptProviders {

    static final String PREFIX = "script:";

    private final PolicyFolder folder;
    private final ScriptRunner runner;
    private final Duration limit;
    private final Function<String, ScriptReloader.Loaded> lookup;

    ScriptProviders(PolicyFolder folder, ScriptRunner runner, Duration limit, Function<String, ScriptReloader.Loaded> lookup) {
        this.folder = folder;
        this.runner = runner;
        this.limit = limit;
        this.lookup = lookup;
    }

    /** The {@code plugin} values of the config that name a provider script, for the plugin check. */
    public static List<String> named(CaravanConfig config) {
        return config.providers().stream().map(ProviderConfig::plugin).filter(p -> p.startsWith(PREFIX)).toList();
    }

    /**
     * A factory per provider script the config names, by {@code script:<name>}.
     *
     * @throws ConfigException naming each {@code providers[i].plugin} whose script is missing or does not load
     */
    public Map<String, ProviderFactory> configured(CaravanConfig config) {
        List<String> problems = new ArrayList<>();
        Map<String, ProviderFactory> factories = new LinkedHashMap<>();
        for (int i = 0; i < config.providers().size(); i++) {
            String plugin = config.providers().get(i).plugin();
            if (!plugin.startsWith(PREFIX)) {
                continue;
            }
            String name = plugin.substring(PREFIX.length());
            String fileId = PolicyFolder.PROVIDERS + "/" + name;
            ScriptReloader.Loaded state = lookup.apply(fileId);
            if (state == null) {
                problems.add("providers[" + i + "].plugin: no provider script '" + name + "' (expected the file " + folder.providerFile(name) + ")");
            } else if (!(state.running() instanceof ProviderScript script)) {
                problems.add("providers[" + i + "].plugin: provider script " + state.file().path() + " does not load: " + state.lastError());
            } else {
                boolean streams = script.streamEventHandler() != null;
                factories.computeIfAbsent(plugin, id -> new ProviderFactory() {
                    @Override
                    public String id() {
                        return id;
                    }

                    @Override
                    public ScriptProviderTranslator configure(ProviderSettings provider) {
                        return new ScriptProviderTranslator(fileId, provider,
                                new ScriptCall<>(fileId, ProviderScript.class, runner, limit, lookup).hidingMessages(ScriptKind.PROVIDER), streams);
                    }
                });
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return factories;
    }
}
