package dev.caravan.plugins.gemini;

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
import java.util.regex.Pattern;

/**
 * Describes {@code POST {base_url}/models/{model}:generateContent} (or
 * {@code :streamGenerateContent?alt=sse} for a stream) for an OpenAI chat call, with the API key in
 * {@code x-goog-api-key}. The client's body is read, never modified.
 */
final class GenerateContentRequestBuilder {

    /** Model names as Google writes them ({@code gemini-2.5-flash}, {@code models/...}, {@code tunedModels/...}). */
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]*(/[A-Za-z0-9._\\-]+)?");

    UpstreamRequest build(ProviderCall call) {
        ProviderSettings provider = call.provider();
        String method = call.stream() ? ":streamGenerateContent?alt=sse" : ":generateContent";
        URI uri = endpoint(provider.baseUrl(), call.targetModel(), method);
        return UpstreamRequest.postJson(uri, headers(provider, call.stream()), Json.bytes(body(call)));
    }

    static ObjectNode body(ProviderCall call) {
        JsonNode body = call.body();
        RequestFieldPolicy.check(body);
        ObjectNode request = Json.NODES.objectNode();
        new ConversationTranslator(call.targetModel()).translate(body.get("messages"), request);
        ToolTranslator.translate(body, request);
        GenerationConfigTranslator.translate(body, request);
        return request;
    }

    /** {@code {base_url}/{model resource}{method}}, e.g. {@code .../models/gemini-2.5-flash:generateContent}. */
    static URI endpoint(URI baseUrl, String model, String method) {
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/" + modelResource(model) + method);
    }

    /** A bare model name is a {@code models/} resource; a name with a collection ({@code tunedModels/x}) is used as is. */
    static String modelResource(String model) {
        if (model == null || !MODEL.matcher(model).matches()) {
            throw new UnsupportedRequestException("model", "model: '" + model + "' is not a Gemini model name");
        }
        return model.contains("/") ? model : "models/" + model;
    }

    /**
     * Operator headers first (names lower-cased, so they cannot duplicate ours in another case),
     * then the credential and the content negotiation this adapter depends on.
     */
    static Map<String, String> headers(ProviderSettings provider, boolean stream) {
        Map<String, String> headers = new LinkedHashMap<>();
        provider.headers().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        Secret key = provider.apiKey();
        if (key != null && !key.isEmpty()) {
            headers.put("x-goog-api-key", key.reveal());
        }
        headers.put("accept", stream ? "text/event-stream" : "application/json");
        headers.put("content-type", "application/json");
        return headers;
    }
}
