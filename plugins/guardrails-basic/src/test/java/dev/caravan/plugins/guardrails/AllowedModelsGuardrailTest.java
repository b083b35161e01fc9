package dev.caravan.plugins.guardrails;

import static dev.caravan.plugins.guardrails.Inputs.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.GuardInput;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.api.guardrail.GuardVerdict;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AllowedModelsGuardrailTest {

    private final GuardCheck check = new AllowedModelsGuardrail().configure(json("{\"models\":[\"gpt-4o*\",\"*-mini\",\"fast\"]}"));

    private static GuardInput requestFor(String model) {
        return Inputs.request(Inputs.object("{\"model\":\"" + model + "\",\"messages\":[]}"));
    }

    @ParameterizedTest
    @CsvSource({
        "gpt-4o, PASS", "gpt-4o-2024-08-06, PASS", "o4-mini, PASS", "fast, PASS",
        "gpt-4, DENY", "fast2, DENY", "GPT-4O, DENY", "xgpt-4o, DENY",
    })
    void should_allow_only_models_matching_a_glob(String model, Action expected) {
        assertEquals(expected, check.check(requestFor(model)).action());
    }

    @Test
    void should_name_the_model_in_the_reason_when_denied() {
        assertEquals(GuardVerdict.deny("allowed_models", "model 'gpt-4' is not allowed"), check.check(requestFor("gpt-4")));
    }

    @Test
    void should_use_the_requested_model_of_the_context_when_there_is_no_body() {
        // Inputs.CONTEXT requested gpt-4o-mini
        assertEquals(Action.PASS, check.check(new GuardInput(GuardPhase.REQUEST, Inputs.CONTEXT, null, "hi", true)).action());
    }

    @Test
    void should_pass_on_the_response_phase() {
        assertEquals(Action.PASS, check.check(Inputs.answer("hello")).action());
    }

    @Test
    void should_warn_when_action_is_warn() {
        GuardCheck warn = new AllowedModelsGuardrail().configure(json("{\"models\":[\"a\"],\"action\":\"warn\"}"));

        assertEquals(Action.WARN, warn.check(requestFor("b")).action());
    }

    @Test
    void should_require_a_non_empty_models_list() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AllowedModelsGuardrail().configure(json("{\"models\":[]}")));

        assertEquals("models: required, a non-empty list of strings", e.getMessage());
    }
}
