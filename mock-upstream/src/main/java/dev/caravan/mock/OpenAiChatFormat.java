package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * OpenAI chat completions, {@code POST /v1/chat/completions}. Text answers are written by
 * {@link ChatJson} from pre-encoded bytes (the benchmark path); tool calls with Jackson.
 */
final class OpenAiChatFormat implements WireFormat {
  static final OpenAiChatFormat INSTANCE = new OpenAiChatFormat();

  private OpenAiChatFormat() {}

  @Override
  public RequestFacts read(JsonNode body, String pathModel) {
    JsonNode model = body.get("model");
    if (model == null || !model.isTextual() || model.asText().isEmpty()) {
      throw new InvalidRequestException("you must provide a model parameter", "model");
    }
    JsonNode stream = body.path("stream");
    if (!stream.isMissingNode() && !stream.isNull() && !stream.isBoolean()) {
      throw new InvalidRequestException("Invalid type for 'stream': expected a boolean, but got "
          + stream.getNodeType().toString().toLowerCase() + " instead.", "stream");
    }
    PromptText prompt = new PromptText();
    for (JsonNode message : body.path("messages")) {
      prompt.add(message.path("content"), "user".equals(message.path("role").asText()));
    }
    String tool = body.path("tools").path(0).path("function").path("name").textValue();
    return prompt.facts(model.asText(), stream.asBoolean(false),
        body.path("stream_options").path("include_usage").asBoolean(false), tool, body);
  }

  @Override
  public ByteBuf body(ByteBufAllocator alloc, ChatCall call) {
    if (call.tool() == null) {
      return ChatJson.completion(alloc, call);
    }
    ObjectNode root = SseFrames.JSON.createObjectNode();
    root.put("id", "chatcmpl-mock-" + call.id()).put("object", "chat.completion").put("created", call.created())
        .put("model", call.model());
    ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
    ObjectNode message = choice.putObject("message").put("role", "assistant").putNull("content");
    ObjectNode toolCall = message.putArray("tool_calls").addObject().put("id", toolCallId(call))
        .put("type", "function");
    toolCall.putObject("function").put("name", call.tool().name()).put("arguments", call.tool().arguments());
    message.putNull("refusal");
    choice.putNull("logprobs").put("finish_reason", "tool_calls");
    root.set("usage", usage(call));
    root.put("system_fingerprint", "fp_mock");
    return SseFrames.buffer(alloc, root);
  }

  @Override
  public StreamEvents stream(ChatCall call) {
    return new OpenAiChatStream(call);
  }

  @Override
  public byte[] errorBody(int status) {
    return OpenAiErrors.forStatus(status);
  }

  @Override
  public byte[] invalidRequest(int status, String message, String param) {
    return OpenAiErrors.invalidRequest(message, param);
  }

  static String toolCallId(ChatCall call) {
    return "call_mock_" + call.id();
  }

  /** The usage object, with the token details objects only when cached or reasoning tokens are set. */
  static ObjectNode usage(ChatCall call) {
    ObjectNode usage = SseFrames.JSON.createObjectNode();
    usage.put("prompt_tokens", call.promptTokens()).put("completion_tokens", call.completionTokens())
        .put("total_tokens", (long) call.promptTokens() + call.completionTokens());
    if (ChatJson.hasTokenDetails(call)) {
      usage.putObject("prompt_tokens_details").put("cached_tokens", call.behavior().cachedTokens());
      usage.putObject("completion_tokens_details").put("reasoning_tokens", call.behavior().reasoningTokens());
    }
    return usage;
  }
}
