package dev.caravan.mock;

/** A request the mock rejects with a 400, rendered as an error body of the endpoint's wire format. */
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
