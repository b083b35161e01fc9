package com.example.provider;

import dev.caravan.api.provider.ProviderFactory;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderContractTest;

/** The kit's provider contract (key never echoed, clean ends, capabilities honoured), on the example plugin. */
class ExampleContractTest extends ProviderContractTest {

    @Override
    protected ProviderFactory factory() {
        return new ExampleAdapter();
    }

    @Override
    protected String completeStream() {
        return Fixtures.text("upstream-stream.sse");
    }
}
