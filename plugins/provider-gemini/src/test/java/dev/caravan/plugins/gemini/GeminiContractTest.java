package dev.caravan.plugins.gemini;

import dev.caravan.api.provider.ProviderFactory;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderContractTest;

/** The kit's provider contract (key never echoed, clean ends, capabilities honoured), on the gemini plugin. */
class GeminiContractTest extends ProviderContractTest {

    @Override
    protected ProviderFactory factory() {
        return new GeminiAdapter();
    }

    @Override
    protected String completeStream() {
        return Fixtures.text("stream-text-with-thoughts.sse");
    }
}
