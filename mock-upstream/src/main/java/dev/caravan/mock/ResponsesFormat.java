package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * OpenAI Responses, {@code POST /v1/responses}: a {@code response} object whose {@code output} is
 * one {@code message} item (or one {@code function_call} item); {@link ResponsesStream} writes the
 * streamed events. {@code input} is a string or a list of items.
 */
final class ResponsesFormat implements WireFormat {
  static final ResponsesFormat INSTANCE = new ResponsesFormat();

  private ResponsesFormat() {}

  @Override
  public RequestFacts read(JsonNode body, String pathModel) {
    JsonNode model = body.get("model");
    if (model == null || model.isNull()) {
      throw new InvalidRequestException("Missing required parameter: 'model'.", "model");
    }
    if (!model.isTextual() || model.asText().isEmpty()) {
      throw new InvalidRequestException("Invalid type for 'model': expected a string.", "model");
    }
    JsonNode stream = body.path("stream");
    if (!stream.isMissingNode() && !stream.isNull() && !stream.isBoolean()) {
      throw new InvalidRequestException("Invalid type for 'stream': expected a boolean.", "stream");
    }
    JsonNode input = body.path("input");
    PromptText prompt = new PromptText().addSystem(body.path("instructions"));
    if (input.isTextual()) {
      prompt.add(input, true);
    } else if (input.isArray()) {
      for (JsonNode item : input) {
        if (item.has("role")) {
          prompt.add(item.path("content"), "user".equals(item.path("role").asText()));
        }
      }
    } else if (!input.isMissingNode() && !input.isNull()) {
      throw new InvalidRequestException("Invalid type for 'input': expected a string or an array of input items.",
          "input");
    }
    return prompt.facts(model.asText(), stream.asBoolean(false), false,
        body.path("tools").path(0).path("name").textValue(), body);
  }

  @Override
  public ByteBuf body(ByteBufAllocator alloc, ChatCall call) {
    return SseFrames.buffer(alloc, response(call, true));
  }

  @Override
  public StreamEvents stream(ChatCall call) {
    return new ResponsesStream(call);
  }

  @Override
  public byte[] errorBody(int status) {
    return OpenAiErrors.forStatus(status);
  }

  @Override
  public byte[] invalidRequest(int status, String message, String param) {
    return OpenAiErrors.invalidRequest(message, param);
  }

  static String responseId(ChatCall call) {
    return "resp_mock_" + call.id();
  }

  static String itemId(ChatCall call) {
    return (call.tool() == null ? "msg_mock_" : "fc_mock_") + call.id();
  }

  /** The response object: completed with its output and usage, or in progress with neither. */
  static ObjectNode response(ChatCall call, boolean completed) {
    JsonNode request = call.request().body();
    ObjectNode r = SseFrames.JSON.createObjectNode();
    r.put("id", responseId(call)).put("object", "response").put("created_at", call.created())
        .put("status", completed ? "completed" : "in_progress").put("background", false);
    r.putNull("error");
    r.putNull("incomplete_details");
    r.set("instructions", request.path("instructions").isTextual() ? request.get("instructions") : null);
    r.set("max_output_tokens", request.path("max_output_tokens").isNumber() ? request.get("max_output_tokens") : null);
    r.put("model", call.model());
    ArrayNode output = r.putArray("output");
    if (completed) {
      output.add(item(call, true));
    }
    r.put("parallel_tool_calls", true).putNull("previous_response_id");
    r.putObject("reasoning").putNull("effort").putNull("summary");
    r.put("store", true).put("temperature", 1.0);
    r.putObject("text").putObject("format").put("type", "text");
    r.put("tool_choice", "auto");
    r.set("tools", echoedTools(request.path("tools")));
    r.put("top_p", 1.0).put("truncation", "disabled");
    if (completed) { // usage is a ResponseUsage, not nullable: absent while in progress; no user was given
      r.set("usage", usage(call));
    }
    r.putObject("metadata");
    return r;
  }

  /** The request's tools as OpenAI echoes them: a function tool always has {@code strict} and {@code parameters} (null when not given). */
  private static ArrayNode echoedTools(JsonNode tools) {
    ArrayNode out = SseFrames.JSON.createArrayNode();
    for (JsonNode tool : tools.isArray() ? tools : out) {
      if (tool.isObject() && "function".equals(tool.path("type").asText())) {
        ObjectNode copy = ((ObjectNode) tool).deepCopy();
        if (!copy.has("strict")) {
          copy.putNull("strict");
        }
        if (!copy.has("parameters")) {
          copy.putNull("parameters");
        }
        out.add(copy);
      } else {
        out.add(tool);
      }
    }
    return out;
  }

  /** The output item: a message with its text, or a function call with its arguments. */
  static ObjectNode item(ChatCall call, boolean done) {
    ObjectNode item = SseFrames.JSON.createObjectNode();
    String status = done ? "completed" : "in_progress";
    if (call.tool() != null) {
      item.put("type", "function_call").put("id", itemId(call)).put("call_id", "call_mock_" + call.id())
          .put("name", call.tool().name()).put("arguments", done ? call.tool().arguments() : "")
          .put("status", status);
      return item;
    }
    item.put("type", "message").put("id", itemId(call)).put("status", status).put("role", "assistant");
    ArrayNode content = item.putArray("content");
    if (done) {
      content.add(textPart(call.pieces().text()));
    }
    return item;
  }

  static ObjectNode textPart(String text) {
    ObjectNode part = SseFrames.JSON.createObjectNode().put("type", "output_text").put("text", text);
    part.putArray("annotations");
    part.putArray("logprobs");
    return part;
  }

  private static ObjectNode usage(ChatCall call) {
    ObjectNode usage = SseFrames.JSON.createObjectNode().put("input_tokens", call.promptTokens());
    usage.putObject("input_tokens_details").put("cached_tokens", call.behavior().cachedTokens())
        .put("cache_write_tokens", 0);
    usage.put("output_tokens", call.completionTokens());
    usage.putObject("output_tokens_details").put("reasoning_tokens", call.behavior().reasoningTokens());
    usage.put("total_tokens", (long) call.promptTokens() + call.completionTokens());
    return usage;
  }
}
