package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Base64;

/**
 * OpenAI image generations, {@code POST /v1/images/generations}: {@code n} images (1..10) of the
 * same 1x1 PNG, as {@code b64_json} or as a {@code url} served by the mock
 * ({@code GET /_mock/images/...png}). gpt-image models always answer {@code b64_json} and report
 * {@code usage}, as the API does; DALL·E models default to {@code url}.
 */
final class ImagesFormat implements WireFormat {
  static final ImagesFormat INSTANCE = new ImagesFormat();
  static final String DEFAULT_MODEL = "dall-e-2";
  /** A valid 1x1 PNG. */
  static final byte[] PNG = Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
  private static final String PNG_BASE64 = Base64.getEncoder().encodeToString(PNG);

  private ImagesFormat() {}

  @Override
  public RequestFacts read(JsonNode body, String pathModel) {
    JsonNode prompt = body.get("prompt");
    if (prompt == null || prompt.isNull()) {
      throw new InvalidRequestException("Missing required parameter: 'prompt'.", "prompt");
    }
    if (!prompt.isTextual() || prompt.asText().isEmpty()) {
      throw new InvalidRequestException("Invalid 'prompt': expected a non-empty string.", "prompt");
    }
    JsonNode model = body.path("model");
    if (!model.isMissingNode() && !model.isNull() && (!model.isTextual() || model.asText().isEmpty())) {
      throw new InvalidRequestException("Invalid type for 'model': expected a string.", "model");
    }
    JsonNode n = body.path("n");
    if (!n.isMissingNode() && !n.isNull() && (!n.isIntegralNumber() || n.asInt() < 1 || n.asInt() > 10)) {
      throw new InvalidRequestException("Invalid 'n': must be an integer between 1 and 10, got " + n + ".", "n");
    }
    String format = body.path("response_format").asText("url");
    if (!format.equals("url") && !format.equals("b64_json")) {
      throw new InvalidRequestException("Invalid value for 'response_format': expected 'url' or 'b64_json', got '"
          + format + "'.", "response_format");
    }
    return new PromptText().add(prompt, true).facts(model.asText(DEFAULT_MODEL), false, false, null, body);
  }

  @Override
  public ByteBuf body(ByteBufAllocator alloc, ChatCall call) {
    JsonNode request = call.request().body();
    boolean gptImage = call.model().startsWith("gpt-image");
    boolean b64 = gptImage || request.path("response_format").asText("url").equals("b64_json");
    ObjectNode root = SseFrames.JSON.createObjectNode().put("created", call.created());
    ArrayNode data = root.putArray("data");
    int n = request.path("n").asInt(1);
    for (int i = 0; i < n; i++) {
      ObjectNode image = data.addObject();
      if (b64) {
        image.put("b64_json", PNG_BASE64);
      } else {
        image.put("url", "http://" + call.request().host() + ControlEndpoints.IMAGES + "img-mock-" + call.id()
            + "-" + i + ".png");
      }
      if (call.model().equals("dall-e-3")) {
        image.put("revised_prompt", request.get("prompt").asText());
      }
    }
    if (gptImage) {
      ObjectNode usage = root.putObject("usage");
      usage.put("total_tokens", (long) call.promptTokens() + call.completionTokens())
          .put("input_tokens", call.promptTokens()).put("output_tokens", call.completionTokens());
      usage.putObject("input_tokens_details").put("text_tokens", call.promptTokens()).put("image_tokens", 0);
    }
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
