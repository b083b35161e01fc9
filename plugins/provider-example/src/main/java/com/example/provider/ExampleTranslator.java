package com.example.provider;

import dev.caravan.api.ApiFamily;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.ProviderTranslator;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UpstreamRequest;
import java.util.Set;

/**
 * One configured example provider, its options bound. Shared by all calls to that provider, so it
 * holds no per-request state: each stream gets its own {@link ExampleStreamTranslator}. Every
 * method runs on a gateway thread and must not block.
 */
final class ExampleTranslator implements ProviderTranslator {

    private final ExampleOptions options;
    private final ChatRequestMapper requests = new ChatRequestMapper();

    ExampleTranslator(ExampleOptions options) {
        this.options = options;
    }

    /** Chat only, without tools or image inputs; streaming unless the operator turned it off. */
    @Override
    public ProviderCapabilities capabilities() {
        return new ProviderCapabilities(Set.of(ApiFamily.CHAT_COMPLETIONS), options.streaming(), false, false);
    }

    @Override
    public UpstreamRequest prepare(ProviderCall call) {
        return requests.build(call, options);
    }

    @Override
    public ProviderResponse translateResponse(ProviderCall call, byte[] upstreamBody) {
        return CompletionMapper.toCanonical(upstreamBody);
    }

    @Override
    public StreamTranslator openStream(ProviderCall call) {
        return new ExampleStreamTranslator(ChatRequestMapper.clientWantsUsage(call.body()));
    }

    @Override
    public ProviderError translateError(ProviderCall call, int status, byte[] upstreamBody) {
        return ExampleErrors.translate(status, upstreamBody, call.provider().apiKey());
    }
}
