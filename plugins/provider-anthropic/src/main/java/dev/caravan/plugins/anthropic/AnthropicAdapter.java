package dev.caravan.plugins.anthropic;

import dev.caravan.api.ProviderSettings;
import dev.caravan.api.provider.ProviderFactory;
import dev.caravan.api.provider.ProviderTranslator;
import java.time.Clock;
import org.pf4j.Extension;

/**
 * Provider plugin for the Anthropic Messages API ({@code POST {base_url}/messages}, base URL
 * including {@code /v1}): each configured provider gets an {@link AnthropicTranslator} with its
 * options ({@link AnthropicOptions}) bound once.
 */
@Extension
public final class AnthropicAdapter implements ProviderFactory {

    public static final String ID = "anthropic";

    private final Clock clock;

    public AnthropicAdapter() {
        this(Clock.systemUTC());
    }

    /** @param clock gives the {@code created} time of translated chat completions */
    AnthropicAdapter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ProviderTranslator configure(ProviderSettings provider) {
        return new AnthropicTranslator(AnthropicOptions.from(provider.options()), clock);
    }
}
