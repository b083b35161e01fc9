package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.ErrorTypes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Anthropic Messages, {@code POST /v1/messages}: validates like the real API (the
 * {@code anthropic-version} header, {@code model}, {@code max_tokens} and {@code messages} required; errors name the field as {@code max_tokens: Field required})
 * and answers a {@code message} object; {@link AnthropicStream} writes the streamed events.
 */
final class AnthropicFormat implements WireFormat {
  static final AnthropicFormat INSTANCE = new AnthropicFormat();

  private AnthropicFormat() {}

  /** Every Anthropic client sends the API version; the API refuses a request without it. */
  @Override
  public void checkHeaders(HttpHeaders headers) {
    String version = headers.get("anthropic-version");
    if (version == null || version.isBlank()) {
      throw invalid("anthropic-version: header is required", "anthropic-version");
    }
  }

  @Override
  public RequestFacts read(JsonNode body, String pathModel) {
    JsonNode model = required(body, "model");
    if (!model.isTextual() || model.asText().isEmpty()) {
      throw invalid("model: Input should be a valid string", "model");
    }
    JsonNode maxTokens = required(body, "max_tokens");
    if (!maxTokens.isIntegralNumber() || !maxTokens.canConvertToInt()) {
      throw invalid("max_tokens: Input should be a valid integer", "max_tokens");
    }
    if (maxTokens.intValue() < 1) {
      throw invalid("max_tokens: Input should be greater than or equal to 1", "max_tokens");
    }
    JsonNode messages = required(body, "messages");
    if (!messages.isArray()) {
      throw invalid("messages: Input should be a valid list", "messages");
    }
    JsonNode stream = body.path("stream");
    if (!stream.isMissingNode() && !stream.isBoolean()) {
      throw invalid("stream: Input should be a valid boolean", "stream");
    }
    PromptText prompt = new PromptText().addSystem(body.path("system"));
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String role = message.path("role").asText("");
      if (!role.equals("user") && !role.equals("assistant")) {
        throw invalid("messages." + i + ".role: Input should be 'user' or 'assistant'", "messages." + i + ".role");
      }
      if (!message.has("content")) {
        throw invalid("messages." + i + ".content: Field required", "messages." + i + ".content");
      }
      prompt.add(message.get("content"), role.equals("user"));
    }
    return prompt.facts(model.asText(), stream.asBoolean(false), false,
        body.path("tools").path(0).path("name").textValue(), body);
  }

  /** {@code tool_choice: {type: tool, name}}: that tool, with an input made from its schema ({@link SchemaExample}). */
  @Override
  public ToolCall forcedTool(JsonNode body) {
    JsonNode choice = body.path("tool_choice");
    if (!"tool".equals(choice.path("type").asText())) {
      return null;
    }
    String name = choice.path("name").asText("");
    for (JsonNode tool : body.path("tools")) {
      if (name.equals(tool.path("name").asText())) {
        return new ToolCall(name, SchemaExample.object(tool.path("input_schema")).toString());
      }
    }
    throw invalid("tool_choice.name: Tool '" + name + "' not found in tools", "tool_choice.name");
  }

  private static JsonNode required(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw invalid(field + ": Field required", field);
    }
    return value;
  }

  private static InvalidRequestException invalid(String message, String field) {
    return new InvalidRequestException(message, field);
  }

  @Override
  public ByteBuf body(ByteBufAllocator alloc, ChatCall call) {
    ObjectNode message = message(call);
    ((com.fasterxml.jackson.databind.node.ArrayNode) message.get("content")).add(call.tool() == null
        ? textBlock(call.pieces().text())
        : toolUseBlock(call).set("input", call.tool().argumentsObject()));
    message.put("stop_reason", stopReason(call));
    message.set("usage", usage(call, call.completionTokens()));
    return SseFrames.buffer(alloc, message);
  }

  @Override
  public StreamEvents stream(ChatCall call) {
    return new AnthropicStream(call);
  }

  @Override
  public byte[] errorBody(int status) {
    return AnthropicErrors.forStatus(status);
  }

  @Override
  public byte[] invalidRequest(int status, String message, String param) {
    return AnthropicErrors.body(ErrorTypes.anthropic(status), message);
  }

  /** The message object up to {@code stop_reason}, with empty content and no usage yet. */
  static ObjectNode message(ChatCall call) {
    ObjectNode message = SseFrames.JSON.createObjectNode();
    message.put("id", "msg_mock_" + call.id()).put("type", "message").put("role", "assistant");
    message.putArray("content");
    message.put("model", call.model()).putNull("stop_reason").putNull("stop_sequence");
    return message;
  }

  static ObjectNode textBlock(String text) {
    return SseFrames.JSON.createObjectNode().put("type", "text").put("text", text);
  }

  /** A tool_use block without its {@code input}. */
  static ObjectNode toolUseBlock(ChatCall call) {
    return SseFrames.JSON.createObjectNode().put("type", "tool_use").put("id", "toolu_mock_" + call.id())
        .put("name", call.tool().name());
  }

  static String stopReason(ChatCall call) {
    return call.tool() == null ? "end_turn" : "tool_use";
  }

  static ObjectNode usage(ChatCall call, int outputTokens) {
    MockBehavior b = call.behavior();
    return SseFrames.JSON.createObjectNode().put("input_tokens", call.promptTokens())
        .put("cache_creation_input_tokens", b.cacheCreationTokens())
        .put("cache_read_input_tokens", b.cachedTokens())
        .put("output_tokens", outputTokens);
  }
}
