package dev.caravan.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.provider.ProviderAdapter;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.api.provider.UpstreamRequest;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Provider adapter for the Google Gemini API ({@code generativelanguage.googleapis.com}): translates
 * OpenAI chat completions to {@code generateContent} / {@code streamGenerateContent}, and OpenAI
 * embeddings to {@code batchEmbedContents}, and the answers, streams and errors back. See {@code docs/providers.md} for what is translated, dropped or refused.
 *
 * <p>Stateless and thread-safe (per-stream state lives in the stream translator); it never logs
 * bodies or credentials.
 */
@Extension
public final class GeminiAdapter implements ProviderAdapter {

    public static final String ID = "gemini";

    private final GenerateContentRequestBuilder requests = new GenerateContentRequestBuilder();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<ApiFamily> families() {
        return Set.of(ApiFamily.CHAT_COMPLETIONS, ApiFamily.EMBEDDINGS);
    }

    @Override
    public ProviderCapabilities capabilities(ProviderSettings provider) {
        return new ProviderCapabilities(families(), true, true, true);
    }

    /** The adapter has no options: anything written under {@code options} is a mistake worth reporting. */
    @Override
    public void checkOptions(JsonNode options) {
        if (options == null || options.isNull() || options.isMissingNode()) {
            return;
        }
        if (!options.isObject()) {
            throw new IllegalArgumentException("options: must be an object");
        }
        options.fieldNames().forEachRemaining(name -> {
            throw new IllegalArgumentException(name + ": unknown option; the gemini adapter has no options");
        });
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
