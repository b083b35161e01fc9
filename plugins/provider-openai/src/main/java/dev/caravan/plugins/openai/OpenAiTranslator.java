package dev.caravan.plugins.openai;

import dev.caravan.api.provider.OpenAiUsage;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.ProviderTranslator;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.api.provider.UpstreamRequest;

/**
 * One OpenAI-style provider. The client's request already is the upstream's wire format, so this
 * translator only swaps the model, adds the credential, adapts chat to the host's quirks, asks for
 * stream usage, and reads usage and errors.
 *
 * <p>Immutable and thread-safe; it never logs bodies or credentials.
 */
final class OpenAiTranslator implements ProviderTranslator {

    private final OpenAiOptions options;
    private final UpstreamRequestBuilder requests = new UpstreamRequestBuilder();
    private final ErrorTranslator errors = new ErrorTranslator();

    OpenAiTranslator(OpenAiOptions options) {
        this.options = options;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return options.preset().capabilities();
    }

    @Override
    public UpstreamRequest prepare(ProviderCall call) {
        return requests.build(call, options);
    }

    /** Returns the upstream bytes unchanged (no re-serialisation) with the usage they report. */
    @Override
    public ProviderResponse translateResponse(ProviderCall call, byte[] upstreamBody) {
        OpenAiUsage.Shape shape = switch (call.family()) {
            case RESPONSES, IMAGES -> OpenAiUsage.Shape.INPUT_OUTPUT;
            default -> OpenAiUsage.Shape.CHAT; // chat completions; embeddings report prompt_tokens only
        };
        return new ProviderResponse(upstreamBody, OpenAiUsage.fromResponse(upstreamBody, shape));
    }

    @Override
    public StreamTranslator openStream(ProviderCall call) {
        return switch (call.family()) {
            case CHAT_COMPLETIONS -> new ChatStreamTranslator(forwardUsageChunk(call));
            case RESPONSES -> new TypedEventStreamTranslator(StreamGrammar.RESPONSES);
            case IMAGES -> new TypedEventStreamTranslator(StreamGrammar.IMAGES);
            default -> throw new UnsupportedRequestException("stream", Endpoints.describe(call.family()) + " cannot be streamed");
        };
    }

    /** The usage-only chunk is hidden only when the gateway, not the client, asked for it. */
    private boolean forwardUsageChunk(ProviderCall call) {
        return !options.preset().chat().askForStreamUsage() || StreamUsageOption.requestedByClient(call.body());
    }

    @Override
    public ProviderError translateError(ProviderCall call, int status, byte[] upstreamBody) {
        return errors.translate(status, upstreamBody == null ? new byte[0] : upstreamBody, call.provider().apiKey());
    }
}
