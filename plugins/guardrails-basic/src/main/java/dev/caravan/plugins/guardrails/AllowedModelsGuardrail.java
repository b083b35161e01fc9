package dev.caravan.plugins.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.GuardInput;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.api.guardrail.GuardVerdict;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import dev.caravan.api.guardrail.Guardrail;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code allowed_models}: the request's {@code model} (the body's, else the one in the request
 * context) must match one of {@code models} (globs: {@code gpt-4o*}, {@code *-mini}, {@code *}).
 * A request without a model is not allowed. Options: {@code models} (required), {@code action}
 * ({@code deny} default or {@code warn}). Checks the REQUEST phase; PASS on RESPONSE.
 */
@Extension
public final class AllowedModelsGuardrail implements Guardrail {

    static final String ID = "allowed_models";
    private static final Set<String> OPTIONS = Set.of("models", "action");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public GuardCheck configure(JsonNode options) {
        Options o = Options.of(options, OPTIONS);
        Glob allowed = Glob.anyOf(o.requiredStrings("models"));
        Action action = Actions.action(o, ID, Actions.DENY_OR_WARN);
        return input -> {
            if (input.phase() != GuardPhase.REQUEST) {
                return GuardVerdict.pass(ID);
            }
            String model = model(input);
            if (allowed.matches(model)) {
                return GuardVerdict.pass(ID);
            }
            String reason = model == null ? "the request names no model" : "model '" + model + "' is not allowed";
            return action == Action.WARN ? GuardVerdict.warn(ID, reason) : GuardVerdict.deny(ID, reason);
        };
    }

    private static String model(GuardInput input) {
        JsonNode model = input.body() == null ? null : input.body().get("model");
        if (model != null && model.isTextual()) {
            return model.asText();
        }
        return input.context() == null ? null : input.context().requestedModel();
    }
}
