package dev.caravan.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.ErrorTypes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Anthropic error bodies: {@code {"type":"error","error":{"type":...,"message":...}}}. */
final class AnthropicErrors {
  private static final Map<Integer, byte[]> BY_STATUS = new ConcurrentHashMap<>();

  private AnthropicErrors() {}

  static byte[] body(String type, String message) {
    ObjectNode root = SseFrames.JSON.createObjectNode().put("type", "error");
    root.putObject("error").put("type", type).put("message", message);
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The body for an injected error status (cached per status). */
  static byte[] forStatus(int status) {
    return BY_STATUS.computeIfAbsent(status, s -> body(ErrorTypes.anthropic(s), switch (s) {
      case 401 -> "invalid x-api-key";
      case 429 -> "Number of request tokens has exceeded your per-minute rate limit";
      case 529 -> "Overloaded";
      case 500 -> "Internal server error";
      default -> "Mock upstream error (status " + s + ").";
    }));
  }
}
