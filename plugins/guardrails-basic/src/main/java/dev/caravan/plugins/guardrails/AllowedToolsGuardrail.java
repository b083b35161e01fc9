package dev.caravan.plugins.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.GuardInput;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.api.guardrail.GuardVerdict;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import dev.caravan.api.guardrail.Guardrail;
import java.util.LinkedHashSet;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code allowed_tools}: every tool must match one of {@code tools} (globs as in
 * {@code allowed_models}; an empty list allows no tool at all).
 *
 * <ul>
 *   <li>REQUEST: the tools the client declares, {@code tools[].function.name} (for tools that are
 *       not functions, {@code custom.name} or else the tool's {@code type}), and the legacy
 *       {@code functions[].name}.</li>
 *   <li>RESPONSE (non-streamed): the functions the model calls,
 *       {@code choices[].message.tool_calls[].function.name} (and legacy {@code function_call.name}).
 *       A streamed answer has no body to read: PASS.</li>
 * </ul>
 * Options: {@code tools} (required list), {@code action} ({@code deny} default or {@code warn}).
 * The reason names the tools that are not allowed.
 */
@Extension
public final class AllowedToolsGuardrail implements Guardrail {

    static final String ID = "allowed_tools";
    private static final Set<String> OPTIONS = Set.of("tools", "action");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public GuardCheck configure(JsonNode options) {
        Options o = Options.of(options, OPTIONS);
        if (!o.has("tools")) {
            throw new IllegalArgumentException("tools: required, a list of allowed tool names (may be empty to allow none)");
        }
        var names = o.strings("tools");
        Glob allowed = names.isEmpty() ? null : Glob.anyOf(names);
        Action action = Actions.action(o, ID, Actions.DENY_OR_WARN);
        return input -> {
            Set<String> refused = new LinkedHashSet<>();
            for (String tool : tools(input)) {
                if (allowed == null || !allowed.matches(tool)) {
                    refused.add(tool);
                }
            }
            if (refused.isEmpty()) {
                return GuardVerdict.pass(ID);
            }
            String reason = "tools not allowed: " + String.join(", ", refused);
            return action == Action.WARN ? GuardVerdict.warn(ID, reason) : GuardVerdict.deny(ID, reason);
        };
    }

    private static Set<String> tools(GuardInput input) {
        Set<String> names = new LinkedHashSet<>();
        if (input.body() == null) {
            return names;
        }
        if (input.phase() == GuardPhase.REQUEST) {
            input.body().path("tools").forEach(t -> addName(names, declaredName(t)));
            input.body().path("functions").forEach(f -> addName(names, f.path("name")));
        } else {
            for (JsonNode choice : input.body().path("choices")) {
                JsonNode message = choice.path("message");
                message.path("tool_calls").forEach(c -> addName(names, c.path("function").path("name")));
                addName(names, message.path("function_call").path("name"));
            }
        }
        return names;
    }

    /** A function tool's name; for other tool kinds their {@code custom.name}, else their {@code type}. */
    private static JsonNode declaredName(JsonNode tool) {
        JsonNode function = tool.path("function").path("name");
        if (function.isTextual()) {
            return function;
        }
        JsonNode custom = tool.path("custom").path("name");
        return custom.isTextual() ? custom : tool.path("type");
    }

    private static void addName(Set<String> names, JsonNode name) {
        if (name.isTextual()) {
            names.add(name.asText());
        }
    }
}
