package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * OpenAI embeddings, {@code POST /v1/embeddings}: {@code input} is a string, an array of strings,
 * an array of tokens or an array of token arrays. Each vector is deterministic (seeded by the
 * input's text), of unit length, {@code dimensions} long (default 3072 for text-embedding-3-large,
 * 1536 otherwise), as floats or, with {@code encoding_format: base64}, little-endian float32 bytes.
 */
final class EmbeddingsFormat implements WireFormat {
  static final EmbeddingsFormat INSTANCE = new EmbeddingsFormat();
  private static final int MAX_DIMENSIONS = 8192;

  private EmbeddingsFormat() {}

  @Override
  public RequestFacts read(JsonNode body, String pathModel) {
    JsonNode model = body.get("model");
    if (model == null || model.isNull()) {
      throw new InvalidRequestException("Missing required parameter: 'model'.", "model");
    }
    if (!model.isTextual() || model.asText().isEmpty()) {
      throw new InvalidRequestException("Invalid type for 'model': expected a string.", "model");
    }
    JsonNode input = body.get("input");
    if (input == null || input.isNull()) {
      throw new InvalidRequestException("Missing required parameter: 'input'.", "input");
    }
    if (!input.isTextual() && !(input.isArray() && !input.isEmpty() && validItems(input))) {
      throw new InvalidRequestException("Invalid type for 'input': expected a string, an array of strings, "
          + "an array of integers or an array of integer arrays, none empty.", "input");
    }
    JsonNode dimensions = body.path("dimensions");
    if (!dimensions.isMissingNode() && !dimensions.isNull()
        && (!dimensions.canConvertToInt() || !dimensions.isIntegralNumber() || dimensions.intValue() < 1
            || dimensions.intValue() > MAX_DIMENSIONS)) {
      throw new InvalidRequestException("Invalid 'dimensions': must be an integer between 1 and " + MAX_DIMENSIONS
          + ", got " + dimensions + ".", "dimensions");
    }
    String encoding = body.path("encoding_format").asText("float");
    if (!encoding.equals("float") && !encoding.equals("base64")) {
      throw new InvalidRequestException("Invalid value for 'encoding_format': expected 'float' or 'base64', got '"
          + encoding + "'.", "encoding_format");
    }
    PromptText prompt = new PromptText();
    for (JsonNode item : inputs(input)) {
      prompt.add(item.isTextual() ? item : SseFrames.JSON.getNodeFactory().textNode(""), true);
    }
    return prompt.facts(model.asText(), false, false, null, body);
  }

  private static boolean validItems(JsonNode input) {
    boolean strings = input.get(0).isTextual();
    boolean tokens = input.get(0).isIntegralNumber();
    for (JsonNode item : input) {
      boolean ok = strings ? item.isTextual()
          : tokens ? item.isIntegralNumber()
          : item.isArray() && !item.isEmpty() && allIntegers(item);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean allIntegers(JsonNode array) {
    for (JsonNode token : array) {
      if (!token.isIntegralNumber()) {
        return false;
      }
    }
    return true;
  }

  /** The separate inputs: a string or a token array is one input. */
  private static JsonNode inputs(JsonNode input) {
    if (input.isTextual() || input.get(0).isIntegralNumber()) {
      return SseFrames.JSON.createArrayNode().add(input);
    }
    return input;
  }

  @Override
  public ByteBuf body(ByteBufAllocator alloc, ChatCall call) {
    JsonNode request = call.request().body();
    int dimensions = request.path("dimensions").asInt(call.model().contains("3-large") ? 3072 : 1536);
    boolean base64 = request.path("encoding_format").asText("float").equals("base64");
    ObjectNode root = SseFrames.JSON.createObjectNode().put("object", "list");
    ArrayNode data = root.putArray("data");
    int index = 0;
    for (JsonNode input : inputs(request.get("input"))) {
      ObjectNode item = data.addObject().put("object", "embedding").put("index", index++);
      float[] vector = EmbeddingVectors.vector(input.isTextual() ? input.asText() : input.toString(), dimensions);
      if (base64) {
        item.put("embedding", EmbeddingVectors.base64(vector));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float v : vector) {
          values.add(v);
        }
      }
    }
    root.put("model", call.model());
    root.putObject("usage").put("prompt_tokens", call.promptTokens()).put("total_tokens", call.promptTokens());
    return SseFrames.buffer(alloc, root);
  }

  @Override
  public byte[] errorBody(int status) {
    return OpenAiErrors.forStatus(status);
  }

  @Override
  public byte[] invalidRequest(int status, String message, String param) {
    return OpenAiErrors.invalidRequest(message, param);
  }
}
