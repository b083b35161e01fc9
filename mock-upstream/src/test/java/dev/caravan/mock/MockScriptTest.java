package dev.caravan.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MockScriptTest {
  static final MockOverrides FAIL = MockOverrides.none().withStatus(503);
  static final MockOverrides SLOW = MockOverrides.none().withLatencyMs(50);

  @Test
  void should_use_each_step_for_its_calls_then_none_when_the_steps_are_finite() {
    MockScript script = MockScript.steps().then(2, b -> b.withStatus(503)).then(b -> b.withLatencyMs(50));

    assertEquals(FAIL, script.overridesForCall(1));
    assertEquals(FAIL, script.overridesForCall(2));
    assertEquals(SLOW, script.overridesForCall(3));
    assertEquals(MockOverrides.none(), script.overridesForCall(4));
    assertEquals(MockOverrides.none(), script.overridesForCall(1_000_000));
  }

  @Test
  void should_use_the_last_step_for_every_later_call_when_it_is_a_forever_step() {
    MockScript script = MockScript.steps().then(b -> b.withStatus(503)).thenForever(b -> b.withLatencyMs(50));

    assertEquals(FAIL, script.overridesForCall(1));
    assertEquals(SLOW, script.overridesForCall(2));
    assertEquals(SLOW, script.overridesForCall(Long.MAX_VALUE));
  }

  @Test
  void should_give_the_same_script_when_printed_and_parsed_again() {
    MockScript script = MockScript.steps()
        .then(2, b -> b.withStatus(429).withRetryAfter("1").withErrorBody("{\"error\":{}}"))
        .then(b -> b.withHang(true))
        .thenForever(b -> b.withResetAfter(3).withTokensPerSecond(2.5).withPromptTokens(MockBehavior.AUTO));

    assertEquals(script, MockScript.parse(script.toJson().toString()));
    assertEquals("{\"steps\":[{\"times\":2,\"status\":429,\"error_body\":\"{\\\"error\\\":{}}\",\"retry_after\":\"1\"},"
        + "{\"times\":1,\"hang\":true},"
        + "{\"times\":-1,\"tokens_per_second\":2.5,\"prompt_tokens\":-1,\"reset_after\":3}]}",
        script.toJson().toString());
  }

  @Test
  void should_default_times_to_one_and_the_last_step_to_forever_when_times_is_omitted() {
    MockScript script = MockScript.parse(
        "{\"steps\":[{\"status\":\"503\"},{\"reset\":true,\"error_body\":{\"error\":{\"message\":\"x\"}}}]}");

    assertEquals(List.of(1, MockScript.FOREVER), script.stepList().stream().map(MockScript.Step::times).toList());
    assertEquals(Map.of("status", 503), script.stepList().get(0).overrides().asMap());
    assertEquals(Map.of("reset", true, "error_body", "{\"error\":{\"message\":\"x\"}}"),
        script.stepList().get(1).overrides().asMap());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[]                                              | script",
      "{\"stepz\":[]}                                  | stepz",
      "{}                                              | steps",
      "{\"steps\":[]}                                  | steps",
      "{\"steps\":{\"times\":1}}                       | steps",
      "{\"steps\":[7]}                                 | steps[0]",
      "{\"steps\":[{\"times\":0}]}                     | steps[0].times",
      "{\"steps\":[{\"times\":\"2\"},{}]}              | steps[0].times",
      "{\"steps\":[{\"times\":1.5},{}]}                | steps[0].times",
      "{\"steps\":[{\"times\":-1},{}]}                 | steps[0].times",
      "{\"steps\":[{},{\"times\":-2}]}                 | steps[1].times",
      "{\"steps\":[{},{\"status\":302}]}               | steps[1].status",
      "{\"steps\":[{\"latency_ms\":\"soon\"}]}         | steps[0].latency_ms",
      "{\"steps\":[{\"reset_after\":-3}]}              | steps[0].reset_after",
      "{\"steps\":[{\"colour\":\"red\"}]}              | steps[0].colour",
  })
  void should_reject_naming_the_field_when_a_script_is_invalid(String json, String field) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MockScript.parse(json));

    assertTrue(e.getMessage().startsWith(field + ": "), e.getMessage());
  }

  @Test
  void should_refuse_another_step_when_the_script_already_ends_with_a_forever_step() {
    MockScript forever = MockScript.steps().thenForever(b -> b);

    assertThrows(IllegalStateException.class, () -> forever.then(b -> b));
    assertThrows(IllegalArgumentException.class, () -> MockScript.steps().then(0, b -> b));
  }

  @Test
  void should_reject_naming_the_knob_when_an_override_is_out_of_range() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MockOverrides.none().withStatus(302));

    assertTrue(e.getMessage().contains("status"), e.getMessage());
  }
}
