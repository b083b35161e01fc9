package dev.caravan.plugins.anthropic;

import dev.caravan.api.provider.ProviderFactory;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderContractTest;

/** The kit's provider contract (key never echoed, clean ends, capabilities honoured), on the anthropic plugin. */
class AnthropicContractTest extends ProviderContractTest {

    @Override
    protected ProviderFactory factory() {
        return new AnthropicAdapter();
    }

    @Override
    protected String completeStream() {
        return Fixtures.text("stream-text.sse");
    }
}
