package dev.caravan.plugins.openai;

import dev.caravan.api.ProviderSettings;
import dev.caravan.api.provider.ProviderFactory;
import dev.caravan.api.provider.ProviderTranslator;
import org.pf4j.Extension;

/**
 * Provider plugin for OpenAI, Azure OpenAI and OpenAI-compatible hosts (Ollama, vLLM, Groq,
 * Together, Mistral, DeepSeek): chat completions, the Responses API, embeddings and image
 * generation natively. Each configured provider gets an {@link OpenAiTranslator} with its options
 * bound once; which families it serves depends on its {@code options.preset} ({@link Preset}).
 */
@Extension
public final class OpenAiAdapter implements ProviderFactory {

    public static final String ID = "openai";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ProviderTranslator configure(ProviderSettings provider) {
        return new OpenAiTranslator(OpenAiOptions.of(provider.options()));
    }
}
