package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Gemini {@code models/{model}:batchEmbedContents}: {@code requests} is a non-empty list of
 * {@code EmbedContentRequest}s, each {@code {model: "models/<same model as the URL>", content:
 * {parts: [{text}]}}} with an optional {@code outputDimensionality}. The answer is
 * {@code {embeddings: [{values: [...]}]}} in request order, with the same deterministic unit
 * vectors as OpenAI embeddings (default 3072 values, as gemini-embedding-001). Like the real API it
 * reports no token counts.
 */
final class GeminiEmbedFormat implements WireFormat {
  static final GeminiEmbedFormat INSTANCE = new GeminiEmbedFormat();
  private static final int DEFAULT_DIMENSIONS = 3072;
  private static final int MAX_DIMENSIONS = 8192;

  private GeminiEmbedFormat() {}

  @Override
  public RequestFacts read(JsonNode body, String pathModel) {
    if (pathModel == null || pathModel.isEmpty()) {
      throw new InvalidRequestException("The URL must name a model: models/{model}:batchEmbedContents", "model");
    }
    JsonNode requests = body.get("requests");
    if (requests == null || !requests.isArray() || requests.isEmpty()) {
      throw new InvalidRequestException("* BatchEmbedContentsRequest.requests: requests is not specified", "requests");
    }
    String resource = pathModel.startsWith("models/") ? pathModel : "models/" + pathModel;
    PromptText prompt = new PromptText();
    for (int i = 0; i < requests.size(); i++) {
      JsonNode request = requests.get(i);
      if (!resource.equals(request.path("model").asText())) {
        throw new InvalidRequestException("* BatchEmbedContentsRequest.requests[" + i + "].model: the model must be "
            + resource + " (the model of the URL), got '" + request.path("model").asText() + "'", "requests");
      }
      JsonNode parts = request.path("content").path("parts");
      if (!parts.isArray() || parts.isEmpty()) {
        throw new InvalidRequestException("* BatchEmbedContentsRequest.requests[" + i
            + "].content: content is not specified", "requests");
      }
      JsonNode dimensions = request.path("outputDimensionality");
      if (!dimensions.isMissingNode() && (!dimensions.isIntegralNumber() || dimensions.intValue() < 1
          || dimensions.intValue() > MAX_DIMENSIONS)) {
        throw new InvalidRequestException("* BatchEmbedContentsRequest.requests[" + i
            + "].outputDimensionality: must be an integer between 1 and " + MAX_DIMENSIONS, "requests");
      }
      prompt.add(parts, true);
    }
    return prompt.facts(pathModel, false, false, null, body);
  }

  @Override
  public ByteBuf body(ByteBufAllocator alloc, ChatCall call) {
    ObjectNode root = SseFrames.JSON.createObjectNode();
    ArrayNode embeddings = root.putArray("embeddings");
    for (JsonNode request : call.request().body().get("requests")) {
      int dimensions = request.path("outputDimensionality").asInt(DEFAULT_DIMENSIONS);
      ArrayNode values = embeddings.addObject().putArray("values");
      for (float v : EmbeddingVectors.vector(PromptText.text(request.path("content").path("parts")), dimensions)) {
        values.add(v);
      }
    }
    return SseFrames.buffer(alloc, root);
  }

  @Override
  public byte[] errorBody(int status) {
    return GeminiErrors.forStatus(status);
  }

  @Override
  public byte[] invalidRequest(int status, String message, String param) {
    return GeminiErrors.body(status, message);
  }
}
