package dev.caravan.plugins.guardrails;

import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.GuardInput;
import dev.caravan.api.guardrail.GuardVerdict;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import dev.caravan.pii.PiiMasker.Masked;

/**
 * The check behind the guardrails that look for values in the text and can mask them
 * ({@code regex}, {@code pii}, {@code secrets}).
 *
 * <ul>
 *   <li>Nothing found: PASS.</li>
 *   <li>{@code deny} / {@code warn}: that verdict; the reason lists what was found, by label and count.</li>
 *   <li>{@code redact} with a body: REDACT with a masked copy of the body ({@link ChatBodies}).</li>
 *   <li>{@code redact} without a body (a streamed answer), or when any finding lies outside the
 *       fields that can be masked: the {@code stream_action} verdict (deny or warn), since the
 *       value cannot be taken out.</li>
 *   <li>A text longer than {@code max_chars}: the configured action (or {@code stream_action} for
 *       {@code redact}) without scanning, so a huge input never passes unchecked.</li>
 * </ul>
 */
final class MaskingCheck implements GuardCheck {

    private final String id;
    private final Action action;
    private final Action streamAction;
    private final int maxChars;
    private final TextMasker masker;

    MaskingCheck(String id, Action action, Action streamAction, int maxChars, TextMasker masker) {
        this.id = id;
        this.action = action;
        this.streamAction = streamAction;
        this.maxChars = maxChars;
        this.masker = masker;
    }

    @Override
    public GuardVerdict check(GuardInput input) {
        String text = input.text() == null ? "" : input.text();
        if (text.length() > maxChars) {
            return unscannable("text of " + text.length() + " characters exceeds max_chars " + maxChars + "; not scanned");
        }
        Masked found = masker.mask(text);
        if (found.counts().isEmpty()) {
            return GuardVerdict.pass(id);
        }
        String what = Findings.describe(found.counts());
        if (action != Action.REDACT) {
            return verdict(action, "found " + what);
        }
        if (input.body() == null) {
            return verdict(streamAction, "found " + what + " in a stream, which cannot be redacted");
        }
        ChatBodies.MaskedBody masked = ChatBodies.mask(input.body(), input.phase(), masker);
        if (masked.total() < found.total()) {
            // Some findings are outside the maskable fields: forwarding the rest would leak them.
            return verdict(streamAction, "found " + what + " outside the message text, which cannot be redacted");
        }
        return GuardVerdict.redact(id, "redacted " + Findings.describe(masked.counts()), masked.body());
    }

    /** The verdict for a text that could not be scanned: the action, or {@code stream_action} for redact. */
    GuardVerdict unscannable(String reason) {
        return verdict(action == Action.REDACT ? streamAction : action, reason);
    }

    private GuardVerdict verdict(Action a, String reason) {
        return a == Action.WARN ? GuardVerdict.warn(id, reason) : GuardVerdict.deny(id, reason);
    }
}
