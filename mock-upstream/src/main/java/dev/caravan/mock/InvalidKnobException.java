package dev.caravan.mock;

/** A behaviour knob that is unknown or has an invalid value; names the knob and the rule broken. */
final class InvalidKnobException extends IllegalArgumentException {
  private final String knob;
  private final String problem;

  InvalidKnobException(String knob, String problem) {
    this(knob, problem, "mock knob " + knob + ": " + problem);
  }

  InvalidKnobException(String knob, String problem, String message) {
    super(message);
    this.knob = knob;
    this.problem = problem;
  }

  /** The knob's name as given. */
  String knob() {
    return knob;
  }

  /** What is wrong, without the knob's name. */
  String problem() {
    return problem;
  }
}
