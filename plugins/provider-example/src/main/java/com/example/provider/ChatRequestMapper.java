package com.example.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.api.provider.UpstreamRequest;
import java.net.URI;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Canonical chat request (an OpenAI {@code /v1/chat/completions} body) to the upstream's request,
 * field by field: the mapping table of this provider. A field the table does not know is refused
 * with a 400 naming it rather than silently dropped, so a client never gets an answer to a
 * question it did not ask.
 */
final class ChatRequestMapper {

    /** Fields the upstream takes under the same name and meaning. */
    private static final Set<String> SAME = Set.of("temperature", "top_p", "max_tokens", "stop", "seed", "user");
    /** Fields the gateway handles itself or this mapper reads below. */
    private static final Set<String> HANDLED = Set.of("model", "messages", "stream", "stream_options", "max_completion_tokens", "n");
    private static final Set<String> TOOLS = Set.of("tools", "tool_choice", "parallel_tool_calls", "functions", "function_call");

    UpstreamRequest build(ProviderCall call, ExampleOptions options) {
        if (call.stream() && !options.streaming()) {
            throw new UnsupportedRequestException("stream", "stream: streaming is turned off for this provider");
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", call.targetModel());
        body.set("messages", MessageMapper.map(call.body().get("messages"), options.systemPrompt()));
        copyKnownFields(call.body(), body);
        if (call.stream()) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true); // every stream is metered
        }
        ProviderSettings provider = call.provider();
        return UpstreamRequest.postJson(endpoint(provider.baseUrl()), headers(provider, call.stream()), bytes(body));
    }

    /** Whether the client asked for the usage chunk itself (then the translator forwards it). */
    static boolean clientWantsUsage(JsonNode clientBody) {
        return clientBody.path("stream_options").path("include_usage").asBoolean(false);
    }

    private static void copyKnownFields(ObjectNode client, ObjectNode upstream) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = client.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (SAME.contains(name)) {
                upstream.set(name, field.getValue());
            } else if (TOOLS.contains(name)) {
                throw new UnsupportedRequestException(name, name + ": the example provider serves no tools");
            } else if (!HANDLED.contains(name)) {
                throw new UnsupportedRequestException(name, name + ": not supported by the example provider");
            }
        }
        JsonNode limit = client.get("max_completion_tokens"); // the newer name of max_tokens
        if (limit != null && !limit.isNull()) {
            upstream.set("max_tokens", limit);
        }
        JsonNode n = client.get("n");
        if (n != null && !n.isNull() && !(n.isIntegralNumber() && n.asLong() == 1)) {
            throw new UnsupportedRequestException("n", "n: the example provider answers with one choice only");
        }
    }

    private static URI endpoint(URI baseUrl) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        return URI.create(base + "/chat/completions");
    }

    /** The operator's extra headers, then the credential (never logged: it is only put on the wire). */
    private static Map<String, String> headers(ProviderSettings provider, boolean stream) {
        Map<String, String> headers = new LinkedHashMap<>();
        provider.headers().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        Secret key = provider.apiKey();
        if (key != null && !key.isEmpty()) {
            headers.put("authorization", "Bearer " + key.reveal());
        }
        headers.put("accept", stream ? "text/event-stream" : "application/json");
        return headers;
    }

    private static byte[] bytes(ObjectNode body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }
}
