package dev.caravan.platform.policy.script;

/** What a provider script's {@code streamEvent} made of one upstream event: text, the end, or nothing. */
public final class ScriptStreamStep {

    static final ScriptStreamStep SKIP = new ScriptStreamStep(null, null);

    private final String text;
    private final ScriptAnswer end;

    private ScriptStreamStep(String text, ScriptAnswer end) {
        this.text = text;
        this.end = end;
    }

    static ScriptStreamStep delta(String text) {
        return new ScriptStreamStep(text, null);
    }

    static ScriptStreamStep finish(ScriptAnswer end) {
        return new ScriptStreamStep(end.text(), end);
    }

    /** Text to send, null for none. */
    String text() {
        return text;
    }

    /** The end of the stream, null while it goes on. */
    ScriptAnswer end() {
        return end;
    }
}
