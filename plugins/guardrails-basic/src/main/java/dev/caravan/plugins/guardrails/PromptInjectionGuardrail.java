package dev.caravan.plugins.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.GuardVerdict;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import dev.caravan.api.guardrail.Guardrail;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code prompt_injection}: a phrase heuristic ({@link InjectionPhrases}) for attempts to override
 * the instructions, extract the system prompt, switch to an unrestricted persona, bypass safety
 * rules, or smuggle in fake role delimiters. It is a tripwire for the obvious attacks, not a
 * classifier: paraphrases and other languages get through.
 *
 * <p>Options: {@code threshold} (0 &lt; t ≤ 1, default 0.5): the verdict fires when the summed
 * family scores reach it; {@code action} ({@code deny} default or {@code warn}); {@code max_chars}.
 * Works on both phases (on RESPONSE it catches injected content echoed by the model or tools).
 * The reason gives the score and the family ids, never the text.
 */
@Extension
public final class PromptInjectionGuardrail implements Guardrail {

    static final String ID = "prompt_injection";
    private static final Set<String> OPTIONS = Set.of("threshold", "action", "max_chars");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public GuardCheck configure(JsonNode options) {
        Options o = Options.of(options, OPTIONS);
        double threshold = o.decimal("threshold", 0.0, 1.0, 0.5);
        Action action = Actions.action(o, ID, Actions.DENY_OR_WARN);
        int maxChars = o.integer("max_chars", 1, Integer.MAX_VALUE, PiiGuardrail.DEFAULT_MAX_CHARS);
        return input -> {
            String text = input.text() == null ? "" : input.text();
            if (text.length() > maxChars) {
                return verdict(action, "text of " + text.length() + " characters exceeds max_chars " + maxChars + "; not scanned");
            }
            Map<String, Double> found = InjectionPhrases.found(text);
            double score = Math.min(1.0, found.values().stream().mapToDouble(Double::doubleValue).sum());
            if (found.isEmpty() || score < threshold) {
                return GuardVerdict.pass(ID);
            }
            return verdict(action, String.format(Locale.ROOT, "prompt injection score %.2f >= %.2f (%s)",
                    score, threshold, String.join(", ", found.keySet())));
        };
    }

    private static GuardVerdict verdict(Action action, String reason) {
        return action == Action.WARN ? GuardVerdict.warn(ID, reason) : GuardVerdict.deny(ID, reason);
    }
}
