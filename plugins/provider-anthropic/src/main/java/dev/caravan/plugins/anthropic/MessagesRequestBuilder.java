package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.UpstreamRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Describes {@code POST <base_url>/messages} (the base URL includes {@code /v1}). For a client
 * that called {@code /v1/messages} the body is its own, with only {@code model} replaced by the
 * target's model; for a chat completion it is the translation by {@link ChatRequestTranslator}.
 */
final class MessagesRequestBuilder {

    private static final String PATH = "/messages";

    UpstreamRequest build(ProviderCall call, AnthropicOptions options) {
        ProviderSettings provider = call.provider();
        return UpstreamRequest.postJson(endpoint(provider.baseUrl()), headers(provider, options, call.stream()),
                Json.bytes(body(call, options)));
    }

    private static ObjectNode body(ProviderCall call, AnthropicOptions options) {
        if (call.family() == ApiFamily.MESSAGES) {
            ObjectNode body = call.bodyCopy();
            body.put("model", call.targetModel()); // replaces the value in place: field order is kept
            return body;
        }
        return ChatRequestTranslator.translate(call.body(), call.targetModel(), call.stream(), options);
    }

    private static URI endpoint(URI baseUrl) {
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + PATH);
    }

    /**
     * Operator headers first (names lower-cased, so they cannot duplicate ours in another case), then
     * the credential, version and beta this adapter owns. Without an API key (a proxy that adds its
     * own credential) no {@code x-api-key} is sent, and an operator-configured one is kept; without
     * the {@code beta} option an operator's {@code anthropic-beta} header is kept.
     */
    private static Map<String, String> headers(ProviderSettings provider, AnthropicOptions options, boolean stream) {
        Map<String, String> headers = new LinkedHashMap<>();
        provider.headers().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        Secret key = provider.apiKey();
        if (key != null && !key.isEmpty()) {
            headers.put("x-api-key", key.reveal());
        }
        headers.put("anthropic-version", options.version());
        if (options.beta() != null) {
            headers.put("anthropic-beta", options.beta());
        }
        headers.put("accept", stream ? "text/event-stream" : "application/json");
        headers.put("content-type", "application/json");
        return headers;
    }
}
