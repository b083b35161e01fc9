package dev.caravan.plugins.guardrails;

import static dev.caravan.plugins.guardrails.Inputs.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.GuardVerdict;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import org.junit.jupiter.api.Test;

class JsonSchemaGuardrailTest {

    private static final String OPTIONS = """
            {"action":"deny","schema":{"type":"object","required":["name","age"],
              "properties":{"name":{"type":"string"},"age":{"type":"integer","minimum":0}},
              "additionalProperties":false}}
            """;

    private final GuardCheck check = new JsonSchemaGuardrail().configure(json(OPTIONS));

    @Test
    void should_pass_when_the_answer_matches_the_schema() {
        assertEquals(Action.PASS, check.check(Inputs.answer("{\"name\":\"Ada\",\"age\":36}")).action());
    }

    @Test
    void should_deny_when_the_answer_is_not_json() {
        assertEquals(GuardVerdict.deny("json_schema", "the answer is not valid JSON"), check.check(Inputs.answer("Sure! Here is the JSON: {")));
    }

    @Test
    void should_deny_when_json_is_followed_by_more_text() {
        assertEquals(Action.DENY, check.check(Inputs.answer("{\"name\":\"Ada\",\"age\":36} hope this helps")).action());
    }

    @Test
    void should_name_locations_and_keywords_but_not_values_when_the_answer_does_not_match() {
        GuardVerdict v = check.check(Inputs.answer("{\"name\":\"Ada Secret\",\"age\":\"thirty-six\"}"));

        assertEquals(Action.DENY, v.action());
        assertEquals("the answer does not match the schema: /age: type", v.reason());
    }

    @Test
    void should_validate_the_json_inside_a_markdown_code_fence() {
        assertEquals(Action.PASS, check.check(Inputs.answer("```json\n{\"name\":\"Ada\",\"age\":36}\n```")).action());
    }

    @Test
    void should_not_strip_a_code_fence_when_strip_code_fence_is_false() {
        GuardCheck strict = new JsonSchemaGuardrail().configure(json("{\"schema\":{\"type\":\"object\"},\"strip_code_fence\":false}"));

        assertEquals(Action.DENY, strict.check(Inputs.answer("```json\n{}\n```")).action());
    }

    @Test
    void should_call_the_whole_answer_root_when_a_required_property_is_missing() {
        assertEquals("the answer does not match the schema: (root): required", check.check(Inputs.answer("{\"name\":\"Ada\"}")).reason());
    }

    @Test
    void should_check_a_stream_only_when_it_is_complete() {
        assertEquals(Action.PASS, check.check(Inputs.streamed("{\"name\":", false)).action());
        assertEquals(Action.DENY, check.check(Inputs.streamed("{\"name\":", true)).action());
    }

    @Test
    void should_pass_on_the_request_phase() {
        assertEquals(Action.PASS, check.check(Inputs.userSays("not json")).action());
    }

    @Test
    void should_count_further_errors_beyond_the_first_three() {
        GuardCheck many = new JsonSchemaGuardrail().configure(json("{\"action\":\"warn\",\"schema\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}"));

        GuardVerdict v = many.check(Inputs.answer("[1,2,3,4,5]"));

        assertEquals("the answer does not match the schema: /0: type; /1: type; /2: type (+2 more)", v.reason());
    }

    @Test
    void should_require_a_schema() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JsonSchemaGuardrail().configure(json("{}")));

        assertEquals("schema: required, a JSON Schema (an object or a boolean)", e.getMessage());
    }

    @Test
    void should_reject_a_schema_with_an_unresolvable_reference() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JsonSchemaGuardrail().configure(json("{\"schema\":{\"$ref\":\"#/$defs/missing\"}}")));

        assertTrue(e.getMessage().startsWith("schema: not a usable JSON Schema"), e.getMessage());
    }
}
