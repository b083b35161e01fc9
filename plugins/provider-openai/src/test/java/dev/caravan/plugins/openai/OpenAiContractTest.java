package dev.caravan.plugins.openai;

import dev.caravan.api.provider.ProviderFactory;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderContractTest;

/** The kit's provider contract (key never echoed, clean ends, capabilities honoured), on the openai plugin. */
class OpenAiContractTest extends ProviderContractTest {

    @Override
    protected ProviderFactory factory() {
        return new OpenAiAdapter();
    }

    @Override
    protected String completeStream() {
        return Fixtures.text("chat-stream-with-usage.sse");
    }
}
