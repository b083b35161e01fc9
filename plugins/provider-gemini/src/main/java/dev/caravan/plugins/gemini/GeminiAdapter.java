package dev.caravan.plugins.gemini;

import dev.caravan.api.ProviderSettings;
import dev.caravan.api.provider.ProviderFactory;
import dev.caravan.api.provider.ProviderOptions;
import dev.caravan.api.provider.ProviderTranslator;
import org.pf4j.Extension;

/**
 * Provider plugin for the Google Gemini API ({@code generativelanguage.googleapis.com}): each
 * configured provider gets a {@link GeminiTranslator}. The plugin has no options: anything written
 * under {@code options} is a mistake worth reporting at start-up.
 */
@Extension
public final class GeminiAdapter implements ProviderFactory {

    public static final String ID = "gemini";

    /** What the plugin binds its options to: nothing. */
    record NoOptions() {}

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ProviderTranslator configure(ProviderSettings provider) {
        ProviderOptions.bind(provider.options(), NoOptions.class);
        return new GeminiTranslator();
    }
}
