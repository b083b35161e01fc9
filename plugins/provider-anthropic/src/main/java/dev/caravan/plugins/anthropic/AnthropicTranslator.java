package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.ProviderTranslator;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UpstreamRequest;
import java.time.Clock;
import java.util.Set;

/**
 * One Anthropic provider.
 *
 * <p>A client that called {@code /v1/messages} ({@link ApiFamily#MESSAGES}) is served without a
 * lossy hop: its body goes upstream with only {@code model} replaced, and the answer, stream events
 * and errors come back byte for byte. A chat completion client ({@link ApiFamily#CHAT_COMPLETIONS})
 * has its request translated to Messages and the answer back to OpenAI's shapes.
 *
 * <p>Usage is normalised the same way for both (see {@link UsageTally}): prompt tokens =
 * {@code input_tokens} + {@code cache_read_input_tokens} + {@code cache_creation_input_tokens},
 * completion tokens = {@code output_tokens}, cached tokens = {@code cache_read_input_tokens},
 * cache-write tokens = {@code cache_creation_input_tokens}.
 *
 * <p>Immutable and thread-safe (per-stream state lives in the stream translators); no I/O, no
 * blocking, and it never logs bodies or credentials.
 */
final class AnthropicTranslator implements ProviderTranslator {

    private static final ProviderCapabilities CAPABILITIES =
            ProviderCapabilities.full(Set.of(ApiFamily.CHAT_COMPLETIONS, ApiFamily.MESSAGES));

    private final AnthropicOptions options;
    private final Clock clock;
    private final MessagesRequestBuilder requests = new MessagesRequestBuilder();
    private final ErrorTranslator errors = new ErrorTranslator();

    AnthropicTranslator(AnthropicOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public UpstreamRequest prepare(ProviderCall call) {
        return requests.build(call, options);
    }

    @Override
    public ProviderResponse translateResponse(ProviderCall call, byte[] upstreamBody) {
        if (call.family() == ApiFamily.MESSAGES) {
            return new ProviderResponse(upstreamBody, UsageTally.fromMessage(upstreamBody));
        }
        return ChatResponseTranslator.translate(upstreamBody, clock.instant().getEpochSecond(), JsonMode.requested(call.body()));
    }

    @Override
    public StreamTranslator openStream(ProviderCall call) {
        if (call.family() == ApiFamily.MESSAGES) {
            return new MessagesStreamTranslator();
        }
        JsonNode includeUsage = call.body().path("stream_options").path("include_usage");
        return new ChatStreamTranslator(clock.instant().getEpochSecond(), includeUsage.isBoolean() && includeUsage.booleanValue(),
                JsonMode.requested(call.body()));
    }

    @Override
    public ProviderError translateError(ProviderCall call, int status, byte[] upstreamBody) {
        return errors.translate(call.family(), status, upstreamBody == null ? new byte[0] : upstreamBody,
                call.provider().apiKey());
    }
}
