package dev.caravan.plugins.gemini;

import dev.caravan.api.ApiFamily;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.ProviderTranslator;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.api.provider.UpstreamRequest;
import java.util.Set;

/**
 * One Gemini provider: translates OpenAI chat completions to {@code generateContent} /
 * {@code streamGenerateContent}, and OpenAI embeddings to {@code batchEmbedContents}, and the
 * answers, streams and errors back. See {@code docs/providers.md} for what is translated, dropped
 * or refused.
 *
 * <p>Stateless and thread-safe (per-stream state lives in the stream translator); it never logs
 * bodies or credentials.
 */
final class GeminiTranslator implements ProviderTranslator {

    private static final ProviderCapabilities CAPABILITIES =
            new ProviderCapabilities(Set.of(ApiFamily.CHAT_COMPLETIONS, ApiFamily.EMBEDDINGS), true, true, true);

    private final GenerateContentRequestBuilder requests = new GenerateContentRequestBuilder();

    @Override
    public ProviderCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public UpstreamRequest prepare(ProviderCall call) {
        return switch (call.family()) {
            case CHAT_COMPLETIONS -> requests.build(call);
            case EMBEDDINGS -> EmbeddingsTranslator.request(call);
            default -> throw new UnsupportedRequestException("model", "the gemini adapter does not serve " + call.family());
        };
    }

    @Override
    public ProviderResponse translateResponse(ProviderCall call, byte[] upstreamBody) {
        return call.family() == ApiFamily.EMBEDDINGS
                ? EmbeddingsTranslator.response(call, upstreamBody)
                : ResponseTranslator.translate(call, upstreamBody);
    }

    @Override
    public StreamTranslator openStream(ProviderCall call) {
        return new GenerateContentStreamTranslator(call);
    }

    @Override
    public ProviderError translateError(ProviderCall call, int status, byte[] upstreamBody) {
        return ErrorTranslator.translate(status, upstreamBody, call.provider().apiKey());
    }
}
