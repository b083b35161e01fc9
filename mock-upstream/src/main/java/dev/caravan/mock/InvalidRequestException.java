package dev.caravan.mock;

/** A chat request the mock rejects with a 400 and an OpenAI {@code invalid_request_error}. */
final class InvalidRequestException extends RuntimeException {
  private final String param;

  InvalidRequestException(String message, String param) {
    super(message, null, false, false);
    this.param = param;
  }

  /** The offending request field, or null. */
  String param() {
    return param;
  }
}
