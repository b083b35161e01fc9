package dev.caravan.plugins.openai;

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
 * Provider adapter for OpenAI, Azure OpenAI and OpenAI-compatible hosts (Ollama, vLLM, Groq,
 * Together, Mistral, DeepSeek): chat completions, the Responses API, embeddings and image
 * generation natively. The client's request already is the upstream's wire format, so this adapter
 * only swaps the model, adds the credential, adapts chat to the host's quirks, asks for stream
 * usage, and reads usage and errors. Which families a provider serves depends on its
 * {@code options.preset} ({@link Preset}).
 *
 * <p>Stateless and thread-safe; it never logs bodies or credentials.
 */
@Extension
public final class OpenAiAdapter implements ProviderAdapter {

    public static final String ID = "openai";

    private final UpstreamRequestBuilder requests = new UpstreamRequestBuilder();
    private final ErrorTranslator errors = new ErrorTranslator();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<ApiFamily> families() {
        return Preset.ALL_FAMILIES;
    }

    @Override
    public ProviderCapabilities capabilities(ProviderSettings provider) {
        return OpenAiOptions.of(provider.options()).preset().capabilities();
    }

    @Override
    public void checkOptions(JsonNode options) {
        OpenAiOptions.of(options);
    }

    @Override
    public UpstreamRequest prepare(ProviderCall call) {
        return requests.build(call, OpenAiOptions.of(call.provider().options()));
    }

    /** Returns the upstream bytes unchanged (no re-serialisation) with the usage they report. */
    @Override
    public ProviderResponse translateResponse(ProviderCall call, byte[] upstreamBody) {
        UsageShape shape = switch (call.family()) {
            case RESPONSES, IMAGES -> UsageShape.INPUT_OUTPUT;
            default -> UsageShape.CHAT; // chat completions; embeddings report prompt_tokens only
        };
        return new ProviderResponse(upstreamBody, UsageParser.fromResponse(upstreamBody, shape));
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
    private static boolean forwardUsageChunk(ProviderCall call) {
        boolean gatewayAsked = OpenAiOptions.of(call.provider().options()).preset().chat().askForStreamUsage();
        return !gatewayAsked || StreamUsageOption.requestedByClient(call.body());
    }

    @Override
    public ProviderError translateError(ProviderCall call, int status, byte[] upstreamBody) {
        return errors.translate(status, upstreamBody == null ? new byte[0] : upstreamBody, call.provider().apiKey());
    }
}
