package dev.caravan.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The tool call an answer carries instead of text ({@code tool_call} knob).
 *
 * @param name      the tool's name
 * @param arguments its arguments, a JSON object as text (streamed in pieces where the format allows)
 */
record ToolCall(String name, String arguments) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The arguments as a JSON object, for formats that send an object (Anthropic, Gemini). */
  JsonNode argumentsObject() {
    try {
      return JSON.readTree(arguments);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("tool_arguments were checked to be a JSON object", e);
    }
  }

  static boolean isJsonObject(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node != null && node.isObject();
    } catch (JsonProcessingException e) {
      return false;
    }
  }
}
