package dev.caravan.plugins.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.api.provider.UpstreamRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Describes {@code POST <baseUrl>/chat/completions} for a call: the client's body with only
 * {@code model} replaced by the alias target's model (and, for streams, the usage option added),
 * so every field the gateway does not know about still reaches the upstream untouched.
 */
final class ChatRequestBuilder {

    private static final String PATH = "/chat/completions";

    UpstreamRequest build(ProviderCall call) {
        ProviderSettings provider = call.provider();
        return UpstreamRequest.postJson(endpoint(provider.baseUrl()), headers(provider, call.stream()), body(call));
    }

    private static URI endpoint(URI baseUrl) {
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + PATH);
    }

    /**
     * Operator headers first (names lower-cased, so they cannot duplicate ours in another case),
     * then the credential and the content negotiation this adapter depends on. Without an API key
     * (a local vLLM or Ollama) no authorization header is sent, and an operator-configured one is kept.
     */
    private static Map<String, String> headers(ProviderSettings provider, boolean stream) {
        Map<String, String> headers = new LinkedHashMap<>();
        provider.headers().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        Secret key = provider.apiKey();
        if (key != null && !key.isEmpty()) {
            headers.put("authorization", "Bearer " + key.reveal());
        }
        headers.put("accept", stream ? "text/event-stream" : "application/json");
        headers.put("content-type", "application/json");
        return headers;
    }

    private static byte[] body(ProviderCall call) {
        ObjectNode body = call.bodyCopy();
        body.put("model", call.targetModel()); // replaces the value in place: field order is kept
        if (call.stream()) {
            askForUsage(body);
        }
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e); // cannot happen for an ObjectNode
        }
    }

    private static void askForUsage(ObjectNode body) {
        if (StreamUsageOption.requestedByClient(body)) {
            return;
        }
        JsonNode options = body.get(StreamUsageOption.STREAM_OPTIONS);
        if (options == null || options.isNull()) {
            body.putObject(StreamUsageOption.STREAM_OPTIONS).put(StreamUsageOption.INCLUDE_USAGE, true);
        } else if (options instanceof ObjectNode object) {
            object.put(StreamUsageOption.INCLUDE_USAGE, true); // keeps the client's other stream options
        } else {
            throw new UnsupportedRequestException(StreamUsageOption.STREAM_OPTIONS, "stream_options must be an object");
        }
    }
}
