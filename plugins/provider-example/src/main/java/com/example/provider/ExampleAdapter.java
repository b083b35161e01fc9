package com.example.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.provider.ProviderAdapter;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UpstreamRequest;
import java.util.Set;
import org.pf4j.Extension;

/**
 * A complete provider adapter, small enough to read in one sitting: the template for plugin
 * authors (see {@code docs/plugins/provider.md}). Its upstream speaks OpenAI's chat completions,
 * but the adapter does not pass bodies through: it maps every field it knows and refuses the rest,
 * as an adapter for a host with its own wire format must.
 *
 * <p>PF4J creates one instance (public no-argument constructor, {@link Extension}) and the gateway
 * shares it between all requests, so it holds no per-request state: each stream gets its own
 * {@link ExampleStreamTranslator}. Every method runs on a gateway worker thread and must not block.
 */
@Extension
public final class ExampleAdapter implements ProviderAdapter {

    /** What operators write in {@code providers[].plugin}. */
    public static final String ID = "example";

    private final ChatRequestMapper requests = new ChatRequestMapper();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<ApiFamily> families() {
        return Set.of(ApiFamily.CHAT_COMPLETIONS);
    }

    /** Chat only, without tools or image inputs; streaming unless the operator turned it off. */
    @Override
    public ProviderCapabilities capabilities(ProviderSettings provider) {
        boolean streaming = ExampleOptions.of(provider.options()).streaming();
        return new ProviderCapabilities(families(), streaming, false, false);
    }

    /** Start-up check: a bad option stops the gateway with the option's path and this message. */
    @Override
    public void checkOptions(JsonNode options) {
        ExampleOptions.of(options);
    }

    @Override
    public UpstreamRequest prepare(ProviderCall call) {
        return requests.build(call, ExampleOptions.of(call.provider().options()));
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
