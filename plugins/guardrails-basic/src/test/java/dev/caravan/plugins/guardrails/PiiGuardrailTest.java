package dev.caravan.plugins.guardrails;

import static dev.caravan.plugins.guardrails.Inputs.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.GuardInput;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.api.guardrail.GuardVerdict;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import org.junit.jupiter.api.Test;

class PiiGuardrailTest {

    private final PiiGuardrail guardrail = new PiiGuardrail();

    private GuardCheck configure(String options) {
        return guardrail.configure(json(options));
    }

    @Test
    void should_deny_by_default_with_kinds_and_counts_but_no_values_when_pii_is_found() {
        GuardVerdict v = configure("{}").check(Inputs.userSays("Mail jane@example.com or bob@example.org, card 4111 1111 1111 1111"));

        assertEquals(Action.DENY, v.action());
        assertEquals("pii", v.guardrail());
        assertEquals("found credit_card=1, email=2", v.reason());
        assertFalse(v.reason().contains("jane") || v.reason().contains("4111"));
    }

    @Test
    void should_warn_when_action_is_warn() {
        GuardVerdict v = configure("{\"action\":\"warn\"}").check(Inputs.userSays("my SSN is 536-22-8142"));

        assertEquals(GuardVerdict.warn("pii", "found us_ssn=1"), v);
    }

    @Test
    void should_pass_when_the_text_has_no_pii() {
        assertEquals(Action.PASS, configure("{}").check(Inputs.userSays("Order 12345 shipped 2024-01-15 (v1.2.3)")).action());
    }

    @Test
    void should_mask_string_content_and_text_parts_when_action_is_redact() {
        GuardInput input = Inputs.request(Inputs.object("""
                {"model":"m","messages":[
                  {"role":"user","content":"I am jane@example.com"},
                  {"role":"user","content":[{"type":"text","text":"IBAN DE89 3704 0044 0532 0130 00 please"}]}]}
                """));

        GuardVerdict v = configure("{\"action\":\"redact\"}").check(input);

        assertEquals(Action.REDACT, v.action());
        assertEquals("redacted email=1, iban=1", v.reason());
        ObjectNode t = v.transformed();
        assertEquals("I am [EMAIL]", t.at("/messages/0/content").asText());
        assertEquals("IBAN [IBAN] please", t.at("/messages/1/content/0/text").asText());
        assertEquals("m", t.get("model").asText());
    }

    @Test
    void should_mask_the_answer_when_redacting_a_complete_response() {
        GuardVerdict v = configure("{\"action\":\"redact\"}").check(Inputs.answer("Reach me at +44 20 7946 0958."));

        assertEquals("Reach me at [PHONE].", v.transformed().at("/choices/0/message/content").asText());
    }

    @Test
    void should_use_stream_action_when_a_finding_is_outside_the_maskable_fields() {
        ObjectNode body = Inputs.object("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        // The platform's text may include more than the message contents (e.g. a tool argument).
        GuardInput input = new GuardInput(GuardPhase.REQUEST, Inputs.CONTEXT, body, "hi\njane@example.com", true);

        GuardVerdict v = configure("{\"action\":\"redact\",\"stream_action\":\"warn\"}").check(input);

        assertEquals(GuardVerdict.warn("pii", "found email=1 outside the message text, which cannot be redacted"), v);
    }

    @Test
    void should_report_only_selected_detectors_when_detectors_are_given() {
        GuardCheck emailOnly = configure("{\"detectors\":[\"email\"]}");

        assertEquals(Action.PASS, emailOnly.check(Inputs.userSays("card 4111111111111111")).action());
        assertEquals(Action.DENY, emailOnly.check(Inputs.userSays("a@example.com")).action());
    }

    @Test
    void should_apply_the_action_without_scanning_when_text_exceeds_max_chars() {
        GuardVerdict v = configure("{\"max_chars\":10}").check(Inputs.userSays("no pii here but long"));

        assertEquals(GuardVerdict.deny("pii", "text of 20 characters exceeds max_chars 10; not scanned"), v);
    }

    @Test
    void should_name_the_unknown_detector_when_detectors_has_a_typo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> configure("{\"detectors\":[\"emails\"]}"));

        assertTrue(e.getMessage().startsWith("detectors: unknown detector 'emails'; known: secret, credit_card, iban"), e.getMessage());
    }

    @Test
    void should_reject_an_empty_detectors_list() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> configure("{\"detectors\":[]}"));

        assertTrue(e.getMessage().startsWith("detectors: required"), e.getMessage());
    }

    @Test
    void should_reject_a_stream_action_of_redact() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> configure("{\"action\":\"redact\",\"stream_action\":\"redact\"}"));

        assertEquals("stream_action: 'redact' is not supported by pii; use deny, warn", e.getMessage());
    }

    @Test
    void should_reject_a_max_chars_below_one() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> configure("{\"max_chars\":0}"));

        assertTrue(e.getMessage().startsWith("max_chars: must be a whole number from 1"), e.getMessage());
    }
}
