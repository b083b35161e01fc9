package dev.caravan.plugins.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.api.guardrail.GuardVerdict;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import dev.caravan.api.guardrail.Guardrail;
import java.util.Set;
import java.util.TreeSet;
import org.pf4j.Extension;

/**
 * {@code max_input_tokens}: the prompt text (the request's messages, as the platform joins them)
 * must not have more than {@code max} tokens. Options: {@code max} (required, from 1),
 * {@code encoding} ({@code cl100k_base} default, or {@code o200k_base}), {@code action}
 * ({@code deny} default or {@code warn}). Checks the REQUEST phase; PASS on RESPONSE.
 *
 * <p>The count covers the message text only, not the per-message framing tokens or tool
 * definitions a provider adds, so it is a little below the provider's prompt token count.
 */
@Extension
public final class MaxInputTokensGuardrail implements Guardrail {

    static final String ID = "max_input_tokens";
    private static final Set<String> OPTIONS = Set.of("max", "encoding", "action");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public GuardCheck configure(JsonNode options) {
        Options o = Options.of(options, OPTIONS);
        int max = o.integer("max", 1, Integer.MAX_VALUE, null);
        String encodingName = o.text("encoding", "cl100k_base");
        if (!TokenCounter.ENCODINGS.containsKey(encodingName)) {
            throw new IllegalArgumentException("encoding: must be one of " + String.join(", ", new TreeSet<>(TokenCounter.ENCODINGS.keySet()))
                    + ", got '" + encodingName + "'");
        }
        Action action = Actions.action(o, ID, Actions.DENY_OR_WARN);
        TokenCounter counter = new TokenCounter(TokenCounter.ENCODINGS.get(encodingName));
        return input -> {
            if (input.phase() != GuardPhase.REQUEST || input.text() == null || !counter.exceeds(input.text(), max)) {
                return GuardVerdict.pass(ID);
            }
            String reason = "input exceeds " + max + " tokens (" + encodingName + ")";
            return action == Action.WARN ? GuardVerdict.warn(ID, reason) : GuardVerdict.deny(ID, reason);
        };
    }
}
