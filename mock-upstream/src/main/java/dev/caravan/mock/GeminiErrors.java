package dev.caravan.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Gemini (Google API) error bodies: {@code {"error":{"code":400,"message":...,"status":"INVALID_ARGUMENT"}}}. */
final class GeminiErrors {
  private static final Map<Integer, byte[]> BY_STATUS = new ConcurrentHashMap<>();

  private GeminiErrors() {}

  static byte[] body(int code, String message) {
    ObjectNode root = SseFrames.JSON.createObjectNode();
    root.putObject("error").put("code", code).put("message", message).put("status", status(code));
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical google.rpc status name for an HTTP status. */
  static String status(int code) {
    return switch (code) {
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "ABORTED";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 499 -> "CANCELLED";
      case 501 -> "UNIMPLEMENTED";
      case 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> code >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
    };
  }

  static byte[] forStatus(int code) {
    return BY_STATUS.computeIfAbsent(code, c -> body(c, switch (c) {
      case 429 -> "Resource has been exhausted (e.g. check quota).";
      case 503 -> "The model is overloaded. Please try again later.";
      case 500 -> "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting";
      default -> "Mock upstream error (status " + c + ").";
    }));
  }
}
