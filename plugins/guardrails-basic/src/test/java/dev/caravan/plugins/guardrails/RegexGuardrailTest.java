package dev.caravan.plugins.guardrails;

import static dev.caravan.plugins.guardrails.Inputs.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.GuardInput;
import dev.caravan.api.guardrail.GuardVerdict;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegexGuardrailTest {

    private final RegexGuardrail guardrail = new RegexGuardrail();

    private GuardCheck configure(String options) {
        return guardrail.configure(json(options));
    }

    @Test
    void should_deny_naming_the_pattern_but_not_the_match_when_a_pattern_matches() {
        GuardCheck check = configure("{\"patterns\":[\"(?i)project falcon\"],\"action\":\"deny\"}");

        GuardVerdict v = check.check(Inputs.userSays("Tell me about Project Falcon please"));

        assertEquals(Action.DENY, v.action());
        assertEquals("regex", v.guardrail());
        assertEquals("found pattern_1=1", v.reason());
        assertFalse(v.reason().toLowerCase().contains("falcon"));
    }

    @Test
    void should_pass_when_nothing_matches() {
        GuardVerdict v = configure("{\"patterns\":[\"(?i)project falcon\"]}").check(Inputs.userSays("Tell me about falcons"));

        assertEquals(GuardVerdict.pass("regex"), v);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "We discussed FALCON, then left. | true",
        "falcon                          | true",
        "Ask the Falcon-team             | true",
        "falconry is an old art          | false",
        "the peregrinefalcon             | false",
        "falcon_9                        | false",
    })
    void should_match_listed_words_case_insensitively_as_whole_words(String text, boolean matches) {
        GuardCheck check = configure("{\"words\":[\"falcon\"],\"action\":\"warn\"}");

        assertEquals(matches ? Action.WARN : Action.PASS, check.check(Inputs.userSays(text)).action());
    }

    @Test
    void should_return_a_masked_copy_and_leave_the_original_body_untouched_when_action_is_redact() {
        GuardInput input = Inputs.request(Inputs.object("""
                {"model":"m","messages":[
                  {"role":"system","content":"Codename falcon is secret."},
                  {"role":"user","content":[{"type":"text","text":"What is FALCON?"},{"type":"image_url","image_url":{"url":"https://x/falcon.png"}}]}]}
                """));
        String before = input.body().toString();

        GuardVerdict v = configure("{\"words\":[\"falcon\"],\"action\":\"redact\"}").check(input);

        assertEquals(Action.REDACT, v.action());
        assertEquals("redacted word=2", v.reason());
        ObjectNode t = v.transformed();
        assertEquals("Codename [REDACTED] is secret.", t.at("/messages/0/content").asText());
        assertEquals("What is [REDACTED]?", t.at("/messages/1/content/0/text").asText());
        assertEquals("https://x/falcon.png", t.at("/messages/1/content/1/image_url/url").asText());
        assertEquals(before, input.body().toString());
    }

    @Test
    void should_deny_per_stream_action_default_when_redact_meets_a_stream() {
        GuardVerdict v = configure("{\"words\":[\"falcon\"],\"action\":\"redact\"}").check(Inputs.streamed("the falcon", false));

        assertEquals(Action.DENY, v.action());
        assertEquals("found word=1 in a stream, which cannot be redacted", v.reason());
        assertNull(v.transformed());
    }

    @Test
    void should_warn_when_redact_meets_a_stream_and_stream_action_is_warn() {
        GuardCheck check = configure("{\"words\":[\"falcon\"],\"action\":\"redact\",\"stream_action\":\"warn\"}");

        assertEquals(Action.WARN, check.check(Inputs.streamed("the falcon", false)).action());
    }

    @Test
    void should_redact_the_answer_when_phase_is_response_with_a_body() {
        GuardVerdict v = configure("{\"patterns\":[\"\\\\d{3}-\\\\d{4}\"],\"action\":\"redact\"}").check(Inputs.answer("Call 555-0132."));

        assertEquals("Call [REDACTED].", v.transformed().at("/choices/0/message/content").asText());
    }

    @Test
    void should_return_the_action_instead_of_hanging_when_a_pattern_backtracks_catastrophically() {
        GuardCheck check = configure("{\"patterns\":[\"(a+)+$\"],\"action\":\"warn\"}");
        String hostile = "a".repeat(5_000) + "!";

        long start = System.nanoTime();
        GuardVerdict v = check.check(Inputs.userSays(hostile));

        assertTrue((System.nanoTime() - start) / 1_000_000 < 30_000); // unbounded, (a+)+$ would run for ages
        assertEquals(Action.WARN, v.action());
        assertEquals("a pattern exceeded its evaluation budget; text not scanned", v.reason());
    }

    @Test
    void should_pass_without_tripping_the_budget_when_many_simple_patterns_scan_a_text() {
        String patterns = IntStream.range(0, 300).mapToObj(i -> "\"\\\\bcode" + i + "\\\\b\"")
                .collect(Collectors.joining(","));
        GuardCheck check = configure("{\"patterns\":[" + patterns + "]}");

        assertEquals(Action.PASS, check.check(Inputs.userSays("plain text without any code word ".repeat(100))).action());
    }

    @Test
    void should_name_the_pattern_index_when_a_pattern_does_not_compile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> configure("{\"patterns\":[\"ok\",\"(unclosed\"]}"));

        assertTrue(e.getMessage().startsWith("patterns[1]: not a valid regular expression"), e.getMessage());
    }

    @Test
    void should_require_patterns_or_words_when_configured_with_neither() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> configure("{\"action\":\"deny\"}"));

        assertTrue(e.getMessage().startsWith("patterns: required"), e.getMessage());
    }

    @Test
    void should_reject_an_unknown_option_by_name() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> configure("{\"patern\":[\"x\"]}"));

        assertTrue(e.getMessage().startsWith("patern: unknown option; known options: action, max_chars, patterns, stream_action, words"), e.getMessage());
    }

    @Test
    void should_ignore_the_platform_keys_plugin_and_on_when_they_are_passed_along() {
        GuardCheck check = configure("{\"plugin\":\"regex\",\"on\":[\"request\",\"response\"],\"words\":[\"x\"]}");

        assertEquals(Action.DENY, check.check(Inputs.userSays("x")).action());
    }

    @Test
    void should_reject_an_unknown_action_naming_the_choices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> configure("{\"words\":[\"x\"],\"action\":\"block\"}"));

        assertEquals("action: must be one of deny, redact, warn, got 'block'", e.getMessage());
    }

    @Test
    void should_reject_a_words_entry_that_is_not_a_string() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> configure("{\"words\":[\"x\", 3]}"));

        assertEquals("words[1]: must be a non-empty string", e.getMessage());
    }

    @Test
    void should_reject_options_that_are_not_an_object() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> configure("[\"x\"]"));

        assertTrue(e.getMessage().startsWith("options: must be an object"), e.getMessage());
    }
}
