package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Gemini {@code models/{model}:generateContent}, and {@code :streamGenerateContent} as SSE
 * ({@code ?alt=sse}) or as a streamed JSON array (without it), as the API does. The model comes
 * from the URL; {@code contents} is required. Answers are {@code GenerateContentResponse}s.
 */
final class GeminiFormat implements WireFormat {
  static final GeminiFormat GENERATE = new GeminiFormat(false, false);
  static final GeminiFormat STREAM_SSE = new GeminiFormat(true, true);
  static final GeminiFormat STREAM_JSON = new GeminiFormat(true, false);

  private final boolean stream;
  private final boolean sse;

  private GeminiFormat(boolean stream, boolean sse) {
    this.stream = stream;
    this.sse = sse;
  }

  @Override
  public RequestFacts read(JsonNode body, String pathModel) {
    if (pathModel == null || pathModel.isEmpty()) {
      throw new InvalidRequestException("The URL must name a model: models/{model}:generateContent", "model");
    }
    JsonNode contents = body.get("contents");
    if (contents == null || contents.isNull() || contents.isArray() && contents.isEmpty()) {
      throw new InvalidRequestException("* GenerateContentRequest.contents: contents is not specified", "contents");
    }
    if (!contents.isArray()) {
      throw new InvalidRequestException("Invalid value at 'contents': expected a list of Content", "contents");
    }
    PromptText prompt = new PromptText().addSystem(body.path("systemInstruction").path("parts"));
    for (JsonNode content : contents) {
      String role = content.path("role").asText("user");
      prompt.add(content.path("parts"), role.equals("user"));
    }
    String tool = body.path("tools").path(0).path("functionDeclarations").path(0).path("name").textValue();
    return prompt.facts(pathModel, stream, false, tool, body);
  }

  @Override
  public ByteBuf body(ByteBufAllocator alloc, ChatCall call) {
    ObjectNode part = call.tool() == null ? text(call.pieces().text()) : functionCall(call);
    return SseFrames.buffer(alloc, response(call, part, true));
  }

  @Override
  public StreamEvents stream(ChatCall call) {
    return new GeminiStream(call, sse);
  }

  @Override
  public CharSequence streamContentType() {
    return sse ? "text/event-stream" : "application/json";
  }

  @Override
  public byte[] errorBody(int status) {
    return GeminiErrors.forStatus(status);
  }

  @Override
  public byte[] invalidRequest(int status, String message, String param) {
    return GeminiErrors.body(status, message);
  }

  static ObjectNode text(String text) {
    return SseFrames.JSON.createObjectNode().put("text", text);
  }

  static ObjectNode functionCall(ChatCall call) {
    ObjectNode part = SseFrames.JSON.createObjectNode();
    part.putObject("functionCall").put("name", call.tool().name()).set("args", call.tool().argumentsObject());
    return part;
  }

  /**
   * One {@code GenerateContentResponse} carrying {@code part}; the last one of an answer has the
   * finish reason and the full usage, earlier stream chunks the prompt tokens only.
   */
  static ObjectNode response(ChatCall call, ObjectNode part, boolean last) {
    ObjectNode root = SseFrames.JSON.createObjectNode();
    ObjectNode candidate = root.putArray("candidates").addObject();
    ObjectNode content = candidate.putObject("content");
    content.putArray("parts").add(part);
    content.put("role", "model");
    if (last) {
      candidate.put("finishReason", "STOP");
    }
    candidate.put("index", 0);
    root.set("usageMetadata", usage(call, last));
    root.put("modelVersion", call.model()).put("responseId", "mock-" + call.id());
    return root;
  }

  private static ObjectNode usage(ChatCall call, boolean last) {
    MockBehavior b = call.behavior();
    ObjectNode usage = SseFrames.JSON.createObjectNode().put("promptTokenCount", call.promptTokens());
    long total = call.promptTokens();
    if (last) {
      usage.put("candidatesTokenCount", call.completionTokens());
      total += call.completionTokens() + b.reasoningTokens();
    }
    usage.put("totalTokenCount", total);
    if (b.cachedTokens() > 0) {
      usage.put("cachedContentTokenCount", b.cachedTokens());
    }
    ArrayNode details = usage.putArray("promptTokensDetails");
    details.addObject().put("modality", "TEXT").put("tokenCount", call.promptTokens());
    if (last && b.reasoningTokens() > 0) {
      usage.put("thoughtsTokenCount", b.reasoningTokens());
    }
    return usage;
  }
}
