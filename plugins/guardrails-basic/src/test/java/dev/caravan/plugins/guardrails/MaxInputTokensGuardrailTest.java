package dev.caravan.plugins.guardrails;

import static dev.caravan.plugins.guardrails.Inputs.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.guardrail.GuardVerdict;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import org.junit.jupiter.api.Test;

class MaxInputTokensGuardrailTest {

    private final MaxInputTokensGuardrail guardrail = new MaxInputTokensGuardrail();

    // "hello world" is two tokens in both cl100k_base and o200k_base.
    @Test
    void should_pass_when_the_prompt_has_exactly_max_tokens() {
        assertEquals(Action.PASS, guardrail.configure(json("{\"max\":2}")).check(Inputs.userSays("hello world")).action());
    }

    @Test
    void should_deny_naming_limit_and_encoding_when_the_prompt_has_more_tokens() {
        GuardVerdict v = guardrail.configure(json("{\"max\":1}")).check(Inputs.userSays("hello world"));

        assertEquals(GuardVerdict.deny("max_input_tokens", "input exceeds 1 tokens (cl100k_base)"), v);
    }

    @Test
    void should_count_with_o200k_base_when_that_encoding_is_chosen() {
        GuardVerdict v = guardrail.configure(json("{\"max\":1,\"encoding\":\"o200k_base\",\"action\":\"warn\"}")).check(Inputs.userSays("hello world"));

        assertEquals(GuardVerdict.warn("max_input_tokens", "input exceeds 1 tokens (o200k_base)"), v);
    }

    @Test
    void should_count_special_token_markers_as_ordinary_text() {
        assertEquals(Action.DENY, guardrail.configure(json("{\"max\":3}")).check(Inputs.userSays("a <|endoftext|> b")).action());
    }

    @Test
    void should_deny_when_the_prompt_is_far_over_the_limit() {
        String huge = "lorem ipsum dolor sit amet ".repeat(200_000);

        long start = System.nanoTime();
        GuardVerdict v = guardrail.configure(json("{\"max\":100}")).check(Inputs.userSays(huge));

        assertEquals(Action.DENY, v.action());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 20_000);
    }

    @Test
    void should_pass_on_the_response_phase() {
        assertEquals(Action.PASS, guardrail.configure(json("{\"max\":1}")).check(Inputs.answer("a long answer here")).action());
    }

    @Test
    void should_accept_max_as_a_string_of_digits_when_it_comes_from_an_environment_variable() {
        assertEquals(Action.DENY, guardrail.configure(json("{\"max\":\"1\"}")).check(Inputs.userSays("hello world")).action());
    }

    @Test
    void should_require_max() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> guardrail.configure(json("{}")));

        assertEquals("max: required, a whole number from 1", e.getMessage());
    }

    @Test
    void should_reject_a_max_that_is_not_a_whole_number() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> guardrail.configure(json("{\"max\":1.5}")));

        assertTrue(e.getMessage().startsWith("max: must be a whole number from 1"), e.getMessage());
    }

    @Test
    void should_name_the_known_encodings_when_encoding_is_unknown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> guardrail.configure(json("{\"max\":10,\"encoding\":\"p50k_base\"}")));

        assertEquals("encoding: must be one of cl100k_base, o200k_base, got 'p50k_base'", e.getMessage());
    }
}
