package dev.caravan.plugins.guardrails;

import static dev.caravan.plugins.guardrails.Inputs.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.GuardInput;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.api.guardrail.GuardVerdict;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import org.junit.jupiter.api.Test;

class AllowedToolsGuardrailTest {

    private static final String REQUEST = """
            {"model":"m","messages":[{"role":"user","content":"weather?"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}},
                      {"type":"function","function":{"name":"delete_files","parameters":{"type":"object"}}}]}
            """;
    private static final String RESPONSE = """
            {"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"finish_reason":"tool_calls",
             "message":{"role":"assistant","content":null,"tool_calls":[
               {"id":"call_1","type":"function","function":{"name":"run_shell","arguments":"{}"}}]}}]}
            """;

    private final GuardCheck check = new AllowedToolsGuardrail().configure(json("{\"tools\":[\"get_*\",\"search\"]}"));

    @Test
    void should_deny_naming_the_declared_tools_that_are_not_allowed() {
        GuardVerdict v = check.check(Inputs.request(Inputs.object(REQUEST)));

        assertEquals(GuardVerdict.deny("allowed_tools", "tools not allowed: delete_files"), v);
    }

    @Test
    void should_pass_when_every_declared_tool_is_allowed() {
        GuardCheck all = new AllowedToolsGuardrail().configure(json("{\"tools\":[\"get_weather\",\"delete_*\"]}"));

        assertEquals(Action.PASS, all.check(Inputs.request(Inputs.object(REQUEST))).action());
    }

    @Test
    void should_check_the_tools_the_model_calls_when_phase_is_response() {
        ObjectNode body = Inputs.object(RESPONSE);

        GuardVerdict v = check.check(new GuardInput(GuardPhase.RESPONSE, Inputs.CONTEXT, body, "", true));

        assertEquals(GuardVerdict.deny("allowed_tools", "tools not allowed: run_shell"), v);
    }

    @Test
    void should_allow_no_tool_when_the_list_is_empty() {
        GuardCheck none = new AllowedToolsGuardrail().configure(json("{\"tools\":[],\"action\":\"warn\"}"));

        assertEquals(Action.WARN, none.check(Inputs.request(Inputs.object(REQUEST))).action());
        assertEquals(Action.PASS, none.check(Inputs.userSays("no tools here")).action());
    }

    @Test
    void should_require_the_tools_option() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AllowedToolsGuardrail().configure(json("{}")));

        assertEquals("tools: required, a list of allowed tool names (may be empty to allow none)", e.getMessage());
    }
}
