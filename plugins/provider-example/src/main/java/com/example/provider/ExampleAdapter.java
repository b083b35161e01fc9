package com.example.provider;

import dev.caravan.api.ProviderSettings;
import dev.caravan.api.provider.ProviderFactory;
import dev.caravan.api.provider.ProviderTranslator;
import org.pf4j.Extension;

/**
 * A complete provider plugin, small enough to read in one sitting: the template for plugin
 * authors (see {@code docs/plugins/provider.md}). Its upstream speaks OpenAI's chat completions,
 * but the plugin does not pass bodies through: it maps every field it knows and refuses the rest,
 * as a plugin for a host with its own wire format must.
 *
 * <p>PF4J creates one instance (public no-argument constructor, {@link Extension}). The gateway
 * calls {@link #configure} once per configured provider at start-up: the options are bound there
 * (a bad one stops start-up, naming it), and the returned {@link ExampleTranslator} serves every
 * call to that provider.
 */
@Extension
public final class ExampleAdapter implements ProviderFactory {

    /** What operators write in {@code providers[].plugin}. */
    public static final String ID = "example";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ProviderTranslator configure(ProviderSettings provider) {
        return new ExampleTranslator(ExampleOptions.of(provider.options()));
    }
}
