package dev.caravan.plugins.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.api.provider.UpstreamRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Describes the upstream {@code POST} for a call of any family the adapter speaks: the client's
 * body with only {@code model} replaced by the upstream model (for chat, adapted to the host's
 * {@link ChatQuirks}), so every field the gateway does not know about still reaches the upstream
 * untouched; the URL from {@link Endpoints}; the credential in the variant's header.
 */
final class UpstreamRequestBuilder {

    UpstreamRequest build(ProviderCall call, OpenAiOptions options) {
        ApiFamily family = call.family();
        if (!options.preset().serves(family)) {
            throw new UnsupportedRequestException("model", "provider '" + call.provider().id() + "' (preset "
                    + options.preset().configName() + ") does not serve " + Endpoints.describe(family));
        }
        if (call.stream() && family == ApiFamily.EMBEDDINGS) {
            throw new UnsupportedRequestException("stream", "embeddings cannot be streamed");
        }
        String model = options.azure() && options.deployment() != null ? options.deployment() : call.targetModel();
        ProviderSettings provider = call.provider();
        return UpstreamRequest.postJson(Endpoints.uri(provider.baseUrl(), options, family, model),
                headers(provider, options, call.stream()), body(call, options, model));
    }

    /**
     * Operator headers first (names lower-cased, so they cannot duplicate ours in another case),
     * then the credential and the content negotiation this adapter depends on. Without an API key
     * (a local vLLM or Ollama) no credential header is sent, and an operator-configured one is kept.
     * Azure takes the key in {@code api-key}; everyone else as {@code Authorization: Bearer}.
     */
    private static Map<String, String> headers(ProviderSettings provider, OpenAiOptions options, boolean stream) {
        Map<String, String> headers = new LinkedHashMap<>();
        provider.headers().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        Secret key = provider.apiKey();
        if (key != null && !key.isEmpty()) {
            if (options.azure()) {
                headers.put("api-key", key.reveal());
            } else {
                headers.put("authorization", "Bearer " + key.reveal());
            }
        }
        headers.put("accept", stream ? "text/event-stream" : "application/json");
        headers.put("content-type", "application/json");
        return headers;
    }

    private static byte[] body(ProviderCall call, OpenAiOptions options, String model) {
        ObjectNode body = call.bodyCopy();
        body.put("model", model); // replaces the value in place: field order is kept
        if (call.family() == ApiFamily.CHAT_COMPLETIONS) {
            ChatBodyAdapter.adapt(body, call.stream(), options.preset().chat());
        }
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e); // cannot happen for an ObjectNode
        }
    }
}
