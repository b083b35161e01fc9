package dev.caravan.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** OpenAI error bodies: {@code {"error":{"message","type","param","code"}}}. */
final class OpenAiErrors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<Integer, byte[]> BY_STATUS = new ConcurrentHashMap<>();

  private OpenAiErrors() {}

  static byte[] body(String message, String type, String param, String code) {
    ObjectNode error = JSON.createObjectNode();
    error.put("message", message).put("type", type).put("param", param).put("code", code);
    ObjectNode root = JSON.createObjectNode();
    root.set("error", error);
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] invalidRequest(String message, String param) {
    return body(message, "invalid_request_error", param, null);
  }

  /** The body OpenAI sends for a status, as near as a mock needs (cached per status). */
  static byte[] forStatus(int status) {
    return BY_STATUS.computeIfAbsent(status, OpenAiErrors::create);
  }

  private static byte[] create(int status) {
    return switch (status) {
      case 400 -> invalidRequest("Invalid request (mock upstream status 400).", null);
      case 401 -> body("Incorrect API key provided.", "invalid_request_error", null, "invalid_api_key");
      case 403 -> body("You are not allowed to access this resource.", "invalid_request_error", null, null);
      case 404 -> body("The model does not exist or you do not have access to it.", "invalid_request_error",
          null, "model_not_found");
      case 408 -> body("Request timed out.", "timeout", null, null);
      case 413 -> invalidRequest("The request body is too large.", null);
      case 429 -> body("Rate limit reached for requests.", "requests", null, "rate_limit_exceeded");
      case 500 -> body("The server had an error while processing your request. Sorry about that!",
          "server_error", null, null);
      case 502 -> body("Bad gateway.", "server_error", null, null);
      case 503 -> body("The engine is currently overloaded, please try again later.", "server_error",
          null, null);
      case 504 -> body("Gateway timeout.", "server_error", null, null);
      default -> body("Mock upstream error (status " + status + ").",
          status >= 500 ? "server_error" : "invalid_request_error", null, null);
    };
  }
}
