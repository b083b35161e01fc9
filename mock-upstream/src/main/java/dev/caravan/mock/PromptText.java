package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Collects prompt text from the message lists of the wire formats: a content that is a string, or
 * an array of parts whose {@code text} fields hold the text. Counts characters for the token
 * estimate and keeps the last user message's text for {@code echo}.
 */
final class PromptText {
  private long chars;
  private int messages;
  private String lastUserText = "";

  /** Adds one message; {@code user} marks the user's turns. */
  PromptText add(JsonNode content, boolean user) {
    messages++;
    String text = text(content);
    chars += text.length();
    if (user) {
      lastUserText = text;
    }
    return this;
  }

  /** Adds text that is not a turn of the conversation (system prompt, instructions). */
  PromptText addSystem(JsonNode content) {
    chars += text(content).length();
    return this;
  }

  /** The text of a string, or the concatenated {@code text} of an array of parts. */
  static String text(JsonNode content) {
    if (content == null || content.isMissingNode() || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      JsonNode t = part.isTextual() ? part : part.path("text");
      if (t.isTextual()) {
        text.append(t.asText());
      }
    }
    return text.toString();
  }

  RequestFacts facts(String model, boolean stream, boolean includeUsage, String firstToolName, JsonNode body) {
    return new RequestFacts(model, stream, includeUsage, chars, messages, lastUserText, firstToolName, body, "");
  }
}
