package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.SplittableRandom;

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
      float[] vector = vector(input.isTextual() ? input.asText() : input.toString(), dimensions);
      if (base64) {
        item.put("embedding", base64(vector));
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

  /** A unit vector that depends only on the text and the dimensions. */
  static float[] vector(String text, int dimensions) {
    SplittableRandom random = new SplittableRandom(seed(text));
    float[] v = new float[dimensions];
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      v[i] = (float) (random.nextDouble() * 2 - 1);
      norm += v[i] * v[i];
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dimensions; i++) {
      v[i] *= scale;
    }
    return v;
  }

  private static long seed(String text) {
    try {
      return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
          .getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base64(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : vector) {
      bytes.putFloat(v);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
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
