package dev.caravan.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What one upstream model does call after call: an ordered list of steps, each a set of knob
 * overrides used for {@link Step#times()} calls. Call k of the model (counted from 1 since the
 * script was set) uses the step covering k; after the last finite step, the server defaults apply
 * again. A {@link #FOREVER} step must be the last. Immutable; the builder methods return copies.
 *
 * <pre>{@code
 * mock.script("primary", MockScript.steps().then(2, b -> b.withStatus(503)).thenForever(b -> b));
 * mock.script("flaky", MockScript.steps().thenForever(b -> b.withReset(true)));
 * }</pre>
 *
 * <p>As JSON (HTTP {@code PUT /_mock/scripts/{model}}, CLI {@code --script}):
 * {@code {"steps":[{"times":2,"status":503},{"times":-1}]}}: the knobs sit beside {@code times},
 * which defaults to 1, or to forever on the last step.
 */
public final class MockScript {
  /** {@link Step#times()} of a step that lasts forever; only the last step may. */
  public static final int FOREVER = -1;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MockScript EMPTY = new MockScript(List.of());

  /**
   * One step of a script.
   *
   * @param times     how many consecutive calls it covers, >= 1, or {@link #FOREVER}
   * @param overrides the knobs it sets over the server defaults
   */
  public record Step(int times, MockOverrides overrides) {
    public Step {
      Objects.requireNonNull(overrides, "overrides");
      if (times < 1 && times != FOREVER) {
        throw new IllegalArgumentException("times: must be >= 1, or -1 (forever), got " + times);
      }
    }
  }

  private final List<Step> steps;

  private MockScript(List<Step> steps) {
    this.steps = steps;
  }

  /** A script with no steps yet, to add steps to. */
  public static MockScript steps() {
    return EMPTY;
  }

  /** Adds a step for the next call. */
  public MockScript then(UnaryOperator<MockOverrides> knobs) {
    return then(1, knobs);
  }

  /**
   * Adds a step for the next {@code times} calls ({@link #FOREVER}: all further calls).
   *
   * @param knobs sets the step's knobs, e.g. {@code b -> b.withStatus(503)}; {@code b -> b} = defaults
   * @throws IllegalArgumentException when times is neither >= 1 nor {@link #FOREVER}
   * @throws IllegalStateException when the script already ends with a forever step
   */
  public MockScript then(int times, UnaryOperator<MockOverrides> knobs) {
    if (!steps.isEmpty() && steps.get(steps.size() - 1).times() == FOREVER) {
      throw new IllegalStateException("steps: a forever step must be the last step");
    }
    List<Step> more = new ArrayList<>(steps);
    more.add(new Step(times, Objects.requireNonNull(knobs.apply(MockOverrides.none()), "knobs result")));
    return new MockScript(List.copyOf(more));
  }

  /** Adds a last step for all further calls. */
  public MockScript thenForever(UnaryOperator<MockOverrides> knobs) {
    return then(FOREVER, knobs);
  }

  /** The steps, in order. */
  public List<Step> stepList() {
    return steps;
  }

  /** The overrides for call {@code k} (from 1): its step's, or none once the steps are used up. */
  public MockOverrides overridesForCall(long k) {
    long remaining = k;
    for (Step step : steps) {
      if (step.times() == FOREVER || remaining <= step.times()) {
        return step.overrides();
      }
      remaining -= step.times();
    }
    return MockOverrides.none();
  }

  /**
   * Parses {@code {"steps":[{"times":2,"status":503},{"times":-1}]}}.
   *
   * @throws IllegalArgumentException whose message starts with the offending field, e.g.
   *     {@code steps[0].status: must be 200 or between 400 and 599}
   */
  public static MockScript fromJson(JsonNode script) {
    return fromJson(script, "");
  }

  /** Parses JSON text; see {@link #fromJson(JsonNode)}. */
  public static MockScript parse(String json) {
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidFieldException("script", "not valid JSON: " + e.getOriginalMessage());
    }
    return fromJson(tree);
  }

  /** Parses a script; field paths in errors start with {@code prefix} (e.g. {@code "primary."}). */
  static MockScript fromJson(JsonNode script, String prefix) {
    if (script == null || !script.isObject()) {
      throw new InvalidFieldException(prefix.isEmpty() ? "script" : prefix.substring(0, prefix.length() - 1),
          "must be a JSON object like {\"steps\":[{\"times\":2,\"status\":503},{\"times\":-1}]}");
    }
    for (Map.Entry<String, JsonNode> field : script.properties()) {
      if (!field.getKey().equals("steps")) {
        throw new InvalidFieldException(prefix + field.getKey(), "unknown field; a script has only \"steps\"");
      }
    }
    JsonNode list = script.get("steps");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new InvalidFieldException(prefix + "steps", "must be a non-empty array of steps");
    }
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      steps.add(step(list.get(i), prefix + "steps[" + i + "]", i == list.size() - 1));
    }
    return new MockScript(List.copyOf(steps));
  }

  private static Step step(JsonNode step, String field, boolean last) {
    if (!step.isObject()) {
      throw new InvalidFieldException(field, "must be a JSON object of \"times\" and behaviour knobs");
    }
    int times = last ? FOREVER : 1;
    MockOverrides overrides = MockOverrides.none();
    for (Map.Entry<String, JsonNode> knob : step.properties()) {
      if (knob.getKey().equals("times")) {
        times = times(knob.getValue(), field + ".times", last);
        continue;
      }
      try {
        overrides = overrides.with(knob.getKey(), MockOverrides.text(knob.getValue()));
      } catch (InvalidKnobException e) {
        throw new InvalidFieldException(field + "." + knob.getKey(), e.problem());
      }
    }
    return new Step(times, overrides);
  }

  private static int times(JsonNode times, String field, boolean last) {
    String rule = last ? "must be an integer >= 1, or -1 (forever)" : "must be an integer >= 1";
    if (!times.isIntegralNumber() || !times.canConvertToInt()) {
      throw new InvalidFieldException(field, rule + ", got " + times);
    }
    int n = times.intValue();
    if (n == FOREVER && !last) {
      throw new InvalidFieldException(field, "-1 (forever) is only allowed on the last step");
    }
    if (n < 1 && n != FOREVER) {
      throw new InvalidFieldException(field, rule + ", got " + n);
    }
    return n;
  }

  /** {@code {"steps":[{"times":2,"status":503},{"times":-1}]}}, every step with its times. */
  public ObjectNode toJson() {
    ObjectNode script = JSON.createObjectNode();
    ArrayNode list = script.putArray("steps");
    for (Step step : steps) {
      ObjectNode json = list.addObject().put("times", step.times());
      step.overrides().asMap().forEach((knob, value) -> json.set(knob, JSON.valueToTree(value)));
    }
    return script;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MockScript other && steps.equals(other.steps);
  }

  @Override
  public int hashCode() {
    return steps.hashCode();
  }

  @Override
  public String toString() {
    return toJson().toString();
  }
}
