package dev.caravan.platform.policy.script;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Calls the running version of one script file from a platform thread that may wait but must not
 * run script code itself: the call runs on the {@link ScriptRunner}, stopped at {@code limit}, and
 * the wait is bounded too (a call that never starts because every script thread is busy ends at
 * twice the limit). A version that ignored its interrupt is quarantined. Every failure is a
 * {@link Failed} with a sanitised reason.
 *
 * @param <S> the script's base class
 */
final class ScriptCall<S> {

    private final String fileId;
    private final Class<S> type;
    private final ScriptRunner runner;
    private final Duration limit;
    private final Function<String, ScriptReloader.Loaded> lookup;
    /** The kind whose exception messages are not logged (their input is request text), null to log them sanitised. */
    private ScriptKind hideMessages;

    /** Logs a failing script's exception without its message ({@link ScriptErrors#withoutMessage}). */
    ScriptCall<S> hidingMessages(ScriptKind kind) {
        this.hideMessages = kind;
        return this;
    }

    ScriptCall(String fileId, Class<S> type, ScriptRunner runner, Duration limit, Function<String, ScriptReloader.Loaded> lookup) {
        this.fileId = fileId;
        this.type = type;
        this.runner = runner;
        this.limit = limit;
        this.lookup = lookup;
    }

    /** The running version, null when the file is gone or never loaded. */
    S current() {
        ScriptReloader.Loaded state = lookup.apply(fileId);
        return state != null && type.isInstance(state.running()) ? type.cast(state.running()) : null;
    }

    <T> T call(Function<S, T> body) {
        ScriptReloader.Loaded state = lookup.apply(fileId);
        if (state == null || !type.isInstance(state.running())) {
            throw new Failed("script " + fileId + " is not loaded", "not loaded");
        }
        S script = type.cast(state.running());
        String key = ScriptInstantiator.quarantineKey(fileId, ScriptStatus.shortHash(state.runningHash()));
        if (runner.quarantined(key)) {
            throw new Failed(TimedScriptPolicy.QUARANTINED, "quarantined");
        }
        try {
            return runner.call(key, () -> body.apply(script), limit).get(limit.toMillis() * 2 + 100, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ScriptRunner.ScriptTimeoutException timeout) {
                throw new Failed(timeout.getMessage(), timeout.getMessage());
            }
            throw new Failed(cause instanceof Contract ? cause.getMessage()
                    : hideMessages != null ? ScriptErrors.withoutMessage(cause, hideMessages) : ScriptErrors.describe(cause), "script error");
        } catch (TimeoutException e) {
            throw new Failed("not started within " + (limit.toMillis() * 2 + 100) + " ms: all script threads are busy", "script threads busy");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted", "interrupted");
        }
    }

    /** The script broke the handler's contract (returned the wrong thing); the message is the platform's, safe to log. */
    static final class Contract extends RuntimeException {
        Contract(String message) {
            super(message, null, false, false);
        }
    }

    /** A call that did not succeed: {@link #getMessage()} for the log (sanitised), {@link #brief()} for the caller. */
    static final class Failed extends RuntimeException {
        private final String brief;

        Failed(String message, String brief) {
            super(message, null, false, false);
            this.brief = brief;
        }

        String brief() {
            return brief;
        }
    }
}
