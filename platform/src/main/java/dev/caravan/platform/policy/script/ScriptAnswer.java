package dev.caravan.platform.policy.script;

import java.util.Map;

/** A provider script's chat answer (or end of stream): text, token counts, finish reason. */
public final class ScriptAnswer {

    private final String text;
    private final Long promptTokens;
    private final Long completionTokens;
    private final String finishReason;

    private ScriptAnswer(String text, Long promptTokens, Long completionTokens, String finishReason) {
        this.text = text;
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
        this.finishReason = finishReason;
    }

    static ScriptAnswer of(Map<String, ?> spec, boolean end) {
        Object text = spec.get("text");
        if (!end && text == null) {
            throw new IllegalArgumentException("reply(text: ...) is required");
        }
        Object reason = spec.get("finishReason");
        return new ScriptAnswer(text == null ? null : text.toString(), tokens(spec, "promptTokens"), tokens(spec, "completionTokens"),
                reason == null ? "stop" : reason.toString());
    }

    private static Long tokens(Map<String, ?> spec, String key) {
        Object value = spec.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n) || n.longValue() < 0) {
            throw new IllegalArgumentException(key + ": must be a number of tokens, got " + value);
        }
        return n.longValue();
    }

    String text() {
        return text;
    }

    /** Whether the script reported token counts (either). */
    boolean reported() {
        return promptTokens != null || completionTokens != null;
    }

    long promptTokens() {
        return promptTokens == null ? 0 : promptTokens;
    }

    long completionTokens() {
        return completionTokens == null ? 0 : completionTokens;
    }

    String finishReason() {
        return finishReason;
    }
}
