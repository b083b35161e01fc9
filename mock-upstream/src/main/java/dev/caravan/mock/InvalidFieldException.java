package dev.caravan.mock;

/** A field of a script (or script file) that is not valid; the message starts with the field's path. */
final class InvalidFieldException extends IllegalArgumentException {
  private final String field;

  InvalidFieldException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  /** Path of the offending field, e.g. {@code steps[1].status}. */
  String field() {
    return field;
  }
}
