package com.example.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.OpenAiUsage;
import dev.caravan.api.provider.ProviderResponse;
import java.io.IOException;

/**
 * The upstream's complete answer to the canonical {@code chat.completion} object, built field by
 * field (id, created, model, each choice's role, content and finish reason, usage), with the token
 * counts the gateway meters.
 */
final class CompletionMapper {

    private CompletionMapper() {}

    static ProviderResponse toCanonical(byte[] upstreamBody) {
        JsonNode upstream = parse(upstreamBody);
        ObjectNode completion = Json.MAPPER.createObjectNode();
        completion.put("id", upstream.path("id").asText("chatcmpl-example"));
        completion.put("object", "chat.completion");
        completion.put("created", upstream.path("created").asLong(0));
        completion.put("model", upstream.path("model").asText(""));
        ArrayNode choices = completion.putArray("choices");
        for (JsonNode choice : upstream.path("choices")) {
            ObjectNode mapped = choices.addObject();
            mapped.put("index", choice.path("index").asInt(0));
            mapped.putObject("message")
                    .put("role", "assistant")
                    .put("content", choice.path("message").path("content").asText(""));
            mapped.put("finish_reason", choice.path("finish_reason").asText("stop"));
        }
        Usage usage = OpenAiUsage.fromNode(upstream.get("usage"));
        if (usage.reported()) {
            completion.set("usage", OpenAiUsage.toNode(usage));
        }
        return new ProviderResponse(bytes(completion), usage);
    }

    /**
     * A 2xx body that is not a chat completion is the upstream's fault; the exception fails this
     * request (the gateway answers with an error and records it), it never reaches other requests.
     */
    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node == null || !node.isObject() || !node.path("choices").isArray()) {
                throw new IllegalStateException("upstream answered 2xx without a chat completion object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalStateException("upstream answered 2xx with a body that is not JSON");
        }
    }

    static byte[] bytes(ObjectNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }
}
