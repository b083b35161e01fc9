package dev.caravan.platform.policy.script;

import dev.caravan.api.RequestContext;
import dev.caravan.api.redaction.Redaction;
import dev.caravan.platform.logging.BlockingRedactor;
import groovy.lang.Closure;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The log redactor {@code script:<name>}: runs the running version of
 * {@code policies/redactors/<name>.groovy} (hot reload swaps it under the id) on the
 * {@link ScriptRunner} within {@code policies.timeout_ms}. The log writer thread waits for it, which
 * is why it is a {@link BlockingRedactor}. Every failure (not loaded, quarantined, timed out,
 * threw, returned something other than text) is thrown as {@link RedactorFailed}, whose message is
 * sanitised; the log writer then stores the row without bodies.
 */
final class ScriptRedactor implements BlockingRedactor {

    static final String ID_PREFIX = "script:";

    private final String id;
    private final String fileId;
    private final ScriptRunner runner;
    private final Duration limit;
    private final Function<String, ScriptReloader.Loaded> lookup;

    ScriptRedactor(String name, ScriptRunner runner, Duration limit, Function<String, ScriptReloader.Loaded> lookup) {
        this.id = ID_PREFIX + name;
        this.fileId = PolicyFolder.REDACTORS + "/" + name;
        this.runner = runner;
        this.limit = limit;
        this.lookup = lookup;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Redaction redact(String text, RequestContext context) {
        ScriptReloader.Loaded state = lookup.apply(fileId);
        if (state == null || !(state.running() instanceof RedactorScript script)) {
            throw new RedactorFailed("redactor script " + fileId + " is not loaded");
        }
        String key = ScriptInstantiator.quarantineKey(fileId, ScriptStatus.shortHash(state.runningHash()));
        if (runner.quarantined(key)) {
            throw new RedactorFailed(TimedScriptPolicy.QUARANTINED);
        }
        try {
            // Bounded twice: the runner stops the script at the limit; this wait also ends if the
            // call never starts (every script thread busy), so the log writer cannot hang here.
            return runner.call(key, () -> apply(script, text), limit).get(limit.toMillis() * 2 + 100, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new RedactorFailed(cause instanceof ScriptRunner.ScriptTimeoutException || cause instanceof RedactorFailed
                    ? cause.getMessage() : reason(cause));
        } catch (TimeoutException e) {
            throw new RedactorFailed("timed out after " + limit.toMillis() + " ms (not started)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedactorFailed("interrupted");
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
        throw new RedactorFailed("redact returned " + (result == null ? "nothing" : result.getClass().getSimpleName())
                + "; return the masked text or masked(...)");
    }

    /**
     * Why a script threw, without its message: a redactor's input is exactly the text that must not
     * reach the log, and a script's message may quote it (other scripts' messages go through
     * {@link ScriptErrors}). The exception's simple name and the script line say where to look.
     */
    static String reason(Throwable error) {
        return ScriptErrors.withoutMessage(error, ScriptKind.REDACTOR);
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
