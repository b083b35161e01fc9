package dev.caravan.platform.policy.script;

import dev.caravan.api.RequestContext;
import dev.caravan.api.redaction.Redaction;
import dev.caravan.platform.logging.BlockingRedactor;
import groovy.lang.Closure;
import java.time.Duration;
import java.util.function.Function;

/**
 * The log redactor {@code script:<name>}: runs the running version of
 * {@code policies/redactors/<name>.groovy} (hot reload swaps it under the id) through a
 * {@link ScriptCall}, within {@code policies.timeout_ms}. The log writer thread waits for it, which
 * is why it is a {@link BlockingRedactor}. Every failure (not loaded, quarantined, timed out,
 * threw, returned something other than text) is thrown as {@link RedactorFailed}, whose message
 * never carries the script's exception message (it may quote the text); the log writer then
 * stores the row without bodies.
 */
final class ScriptRedactor implements BlockingRedactor {

    static final String ID_PREFIX = "script:";

    private final String id;
    private final ScriptCall<RedactorScript> script;

    ScriptRedactor(String name, ScriptRunner runner, Duration limit, Function<String, ScriptReloader.Loaded> lookup) {
        this.id = ID_PREFIX + name;
        this.script = new ScriptCall<>(PolicyFolder.REDACTORS + "/" + name, RedactorScript.class, runner, limit, lookup)
                .hidingMessages(ScriptKind.REDACTOR);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Redaction redact(String text, RequestContext context) {
        try {
            return script.call(running -> apply(running, text));
        } catch (ScriptCall.Failed e) {
            throw new RedactorFailed(e.getMessage());
        }
    }

    /** Runs the handler on the calling thread (a script thread). */
    static Redaction apply(RedactorScript script, String text) {
        Closure<?> handler = script.redactHandler();
        Object result = handler.call(text);
        if (result instanceof Redaction redaction && redaction.text() != null) {
            return redaction;
        }
        if (result instanceof CharSequence chars) {
            return Redaction.unchanged(chars.toString());
        }
        throw new ScriptCall.Contract("redact returned " + (result == null ? "nothing" : result.getClass().getSimpleName())
                + "; return the masked text or masked(...)");
    }

    /** The script could not redact; the message is already sanitised and names no request text. */
    static final class RedactorFailed extends RuntimeException {
        RedactorFailed(String message) {
            super(message, null, false, false);
        }

        @Override
        public String toString() {
            return "redactor script failed: " + getMessage();
        }
    }
}
