package dev.caravan.mock;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-model scripts and call counters, shared by all I/O threads. Each model's script and
 * counter are replaced together, so a call numbers itself and finds its step in one atomic step:
 * concurrent calls of a model get distinct numbers, and a call racing with a new script counts
 * against either the old script or the new one, never a mix.
 */
final class MockScripts {
  /** @param script null when the model is only counted */
  private record Model(MockScript script, AtomicLong calls) {}

  private final ConcurrentHashMap<String, Model> models = new ConcurrentHashMap<>();

  /** Counts a call of {@code model} and returns the overrides of its script step (or none). */
  MockOverrides nextCall(String model) {
    Model state = models.get(model);
    if (state == null) {
      state = models.computeIfAbsent(model, m -> new Model(null, new AtomicLong()));
    }
    long call = state.calls().incrementAndGet();
    return state.script() == null ? MockOverrides.none() : state.script().overridesForCall(call);
  }

  /** Sets a model's script; its next call is call 1. */
  void set(String model, MockScript script) {
    if (script.stepList().isEmpty()) {
      throw new InvalidFieldException("steps", "a script needs at least one step");
    }
    models.put(model, new Model(script, new AtomicLong()));
  }

  /** Removes a model's script, keeping its count; true when it had one. */
  boolean remove(String model) {
    boolean[] had = new boolean[1];
    models.computeIfPresent(model, (m, state) -> {
      had[0] = state.script() != null;
      return had[0] ? new Model(null, state.calls()) : state;
    });
    return had[0];
  }

  /** Removes every script, keeping the counts; returns how many there were. */
  int clear() {
    int removed = 0;
    for (String model : models.keySet()) {
      if (remove(model)) {
        removed++;
      }
    }
    return removed;
  }

  /** Zeroes every model's count: scripted models start again at call 1. */
  void resetCounts() {
    for (String model : models.keySet()) {
      models.computeIfPresent(model,
          (m, state) -> state.script() == null ? null : new Model(state.script(), new AtomicLong()));
    }
  }

  /** Calls of the model since start, its script was set, or {@link #resetCounts()}. */
  long calls(String model) {
    Model state = models.get(model);
    return state == null ? 0 : state.calls().get();
  }

  MockScript script(String model) {
    Model state = models.get(model);
    return state == null ? null : state.script();
  }

  /** Model to script, sorted by model. */
  Map<String, MockScript> scripts() {
    Map<String, MockScript> scripts = new TreeMap<>();
    models.forEach((model, state) -> {
      if (state.script() != null) {
        scripts.put(model, state.script());
      }
    });
    return scripts;
  }

  /** {@code {"steps":[...],"calls":n}} for a model's script. */
  static ObjectNode json(MockScript script, long calls) {
    ObjectNode json = script.toJson();
    json.put("calls", calls);
    return json;
  }

  /**
   * {@code {"scripts":{model:{"steps":[...],"calls":n}},"calls":{model:n}}}: the scripts, and the
   * call count of every model called or scripted.
   */
  ObjectNode toJson() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode scripts = root.putObject("scripts");
    ObjectNode calls = root.putObject("calls");
    new TreeMap<>(models).forEach((model, state) -> {
      long count = state.calls().get();
      if (state.script() != null) {
        scripts.set(model, json(state.script(), count));
      }
      calls.put(model, count);
    });
    return root;
  }
}
