package dev.caravan.plugins.openai;

import dev.caravan.api.ApiFamily;
import dev.caravan.api.provider.ProviderAdapter;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UpstreamRequest;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Provider adapter for OpenAI and every OpenAI-compatible server (vLLM, Ollama, Groq, Together...):
 * the client's canonical request already is the upstream's wire format, so this adapter only
 * swaps the model, adds the credential, asks for stream usage, and reads usage and errors.
 *
 * <p>Stateless and thread-safe; it never logs bodies or credentials.
 */
@Extension
public final class OpenAiAdapter implements ProviderAdapter {

    public static final String ID = "openai";

    private final ChatRequestBuilder requests = new ChatRequestBuilder();
    private final ErrorTranslator errors = new ErrorTranslator();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<ApiFamily> families() {
        return Set.of(ApiFamily.CHAT_COMPLETIONS);
    }

    @Override
    public UpstreamRequest prepare(ProviderCall call) {
        return requests.build(call);
    }

    /** Returns the upstream bytes unchanged (no re-serialisation) with the usage they report. */
    @Override
    public ProviderResponse translateResponse(ProviderCall call, byte[] upstreamBody) {
        return new ProviderResponse(upstreamBody, UsageParser.fromResponse(upstreamBody));
    }

    @Override
    public StreamTranslator openStream(ProviderCall call) {
        return new ChatStreamTranslator(StreamUsageOption.requestedByClient(call.body()));
    }

    @Override
    public ProviderError translateError(ProviderCall call, int status, byte[] upstreamBody) {
        return errors.translate(status, upstreamBody == null ? new byte[0] : upstreamBody, call.provider().apiKey());
    }
}
