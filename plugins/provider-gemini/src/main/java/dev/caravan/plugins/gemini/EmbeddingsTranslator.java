package dev.caravan.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.UpstreamRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * OpenAI embeddings over Gemini's {@code POST {base_url}/models/{model}:batchEmbedContents}: each
 * input string becomes one {@code EmbedContentRequest} ({@code dimensions} →
 * {@code outputDimensionality}), and the {@code embeddings[].values} come back as OpenAI's
 * {@code data[].embedding}, as float arrays or, for {@code encoding_format: base64}, as base64 of
 * little-endian float32s as OpenAI encodes them. Token-array inputs are refused: Gemini embeds text.
 */
final class EmbeddingsTranslator {

    private EmbeddingsTranslator() {}

    static UpstreamRequest request(ProviderCall call) {
        JsonNode body = call.body();
        String resource = GenerateContentRequestBuilder.modelResource(call.targetModel());
        ObjectNode batch = Json.NODES.objectNode();
        ArrayNode requests = batch.putArray("requests");
        JsonNode dimensions = RequestFields.unset(body.get("dimensions")) ? null
                : RequestFields.integer(body.get("dimensions"), "dimensions");
        for (String text : inputs(body.get("input"))) {
            ObjectNode request = requests.addObject();
            request.put("model", resource);
            request.putObject("content").putArray("parts").addObject().put("text", text);
            if (dimensions != null) {
                request.set("outputDimensionality", dimensions);
            }
        }
        encoding(body); // refuses an unknown encoding before anything is sent
        return UpstreamRequest.postJson(
                GenerateContentRequestBuilder.endpoint(call.provider().baseUrl(), call.targetModel(), ":batchEmbedContents"),
                GenerateContentRequestBuilder.headers(call.provider(), false), Json.bytes(batch));
    }

    static ProviderResponse response(ProviderCall call, byte[] upstreamBody) {
        JsonNode response = Json.objectOrNull(upstreamBody);
        if (response == null || !response.path("embeddings").isArray()) {
            throw new IllegalStateException("Gemini answered 2xx with a body that is not a BatchEmbedContentsResponse");
        }
        boolean base64 = "base64".equals(encoding(call.body()));
        ObjectNode list = Json.NODES.objectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        JsonNode embeddings = response.get("embeddings");
        for (int i = 0; i < embeddings.size(); i++) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            JsonNode values = embeddings.get(i).path("values");
            if (base64) {
                item.put("embedding", base64(values));
            } else {
                item.set("embedding", values.isArray() ? values : Json.NODES.arrayNode());
            }
        }
        list.put("model", call.targetModel());
        // batchEmbedContents reports no token counts; usageMetadata is read should Google add it
        Usage usage = UsageTranslator.fromMetadata(response.get("usageMetadata"));
        list.putObject("usage").put("prompt_tokens", usage.promptTokens()).put("total_tokens", usage.promptTokens());
        return new ProviderResponse(Json.bytes(list), usage);
    }

    private static String[] inputs(JsonNode input) {
        if (RequestFields.unset(input)) {
            throw RequestFields.unsupported("input", "required");
        }
        if (input.isTextual()) {
            return new String[] {nonEmpty(input.textValue(), "input")};
        }
        RequestFields.array(input, "input");
        if (input.isEmpty()) {
            throw RequestFields.unsupported("input", "must not be empty");
        }
        String[] texts = new String[input.size()];
        for (int i = 0; i < input.size(); i++) {
            if (!input.get(i).isTextual()) {
                throw RequestFields.unsupported("input[" + i + "]", "Gemini embeds text; token arrays cannot be sent");
            }
            texts[i] = nonEmpty(input.get(i).textValue(), "input[" + i + "]");
        }
        return texts;
    }

    private static String nonEmpty(String text, String path) {
        if (text.isEmpty()) {
            throw RequestFields.unsupported(path, "must not be empty");
        }
        return text;
    }

    private static String encoding(JsonNode body) {
        JsonNode format = body.get("encoding_format");
        if (RequestFields.unset(format)) {
            return "float";
        }
        String value = RequestFields.text(format, "encoding_format");
        if (!value.equals("float") && !value.equals("base64")) {
            throw RequestFields.unsupported("encoding_format", "must be float or base64");
        }
        return value;
    }

    private static String base64(JsonNode values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        values.forEach(v -> bytes.putFloat(v.floatValue()));
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
