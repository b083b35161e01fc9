package dev.caravan.plugins.guardrails;

import static dev.caravan.plugins.guardrails.Inputs.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.GuardVerdict;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import org.junit.jupiter.api.Test;

class SecretsGuardrailTest {

    private static final String AWS_KEY_ID = "AKIA" + "IOSFODNN7EXAMPLE";

    private final GuardCheck redact = new SecretsGuardrail().configure(json("{\"action\":\"redact\"}"));

    @Test
    void should_mask_the_key_when_a_prompt_contains_an_access_key_id() {
        GuardVerdict v = redact.check(Inputs.userSays("debug this: aws_access_key_id=" + AWS_KEY_ID));

        assertEquals(Action.REDACT, v.action());
        assertEquals("redacted secret=1", v.reason());
        assertEquals("debug this: aws_access_key_id=[SECRET]", v.transformed().at("/messages/0/content").asText());
    }

    @Test
    void should_pass_when_the_prompt_has_personal_data_but_no_secret() {
        assertEquals(Action.PASS, redact.check(Inputs.userSays("mail jane@example.com")).action());
    }

    @Test
    void should_reject_the_detectors_option_which_belongs_to_pii() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SecretsGuardrail().configure(json("{\"detectors\":[\"email\"]}")));

        assertEquals("detectors: unknown option; known options: action, max_chars, stream_action", e.getMessage());
    }
}
