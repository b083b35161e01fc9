package dev.caravan.platform.policy.script;

import dev.caravan.api.guardrail.GuardInput;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.api.guardrail.GuardVerdict;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import dev.caravan.platform.guard.AsyncGuardCheck;
import dev.caravan.platform.guard.GuardRunner.CheckFailed;
import dev.caravan.platform.guard.GuardRunner.CheckTimedOut;
import dev.caravan.platform.guard.GuardText;
import groovy.lang.Closure;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * One guardrail entry that names a script: runs the script's current version (hot reload swaps it
 * under the entry) on the {@link ScriptRunner}, within the guardrail time budget
 * ({@code guardrails_timeout_ms}, as for any guardrail; the runner interrupts a script that
 * overruns it, which {@code @ThreadInterrupt} turns into an exception), and turns what
 * {@code check} returned into a {@link GuardVerdict}. A redaction masks the same text the check
 * read, in a copy of the body ({@link GuardText}).
 */
final class ScriptGuardCheck implements AsyncGuardCheck {

    private final String id;
    private final Supplier<GuardrailScript> current;
    private final Map<String, Object> options;
    private final Action flagAction;
    private final ScriptRunner runner;
    private final Duration budget;

    /**
     * @param current    the running version, null when the file is gone or never loaded
     * @param flagAction what {@code flag(..)} means: the entry's {@code action}, null for deny
     */
    ScriptGuardCheck(String id, Supplier<GuardrailScript> current, Map<String, Object> options, Action flagAction, ScriptRunner runner,
            Duration budget) {
        this.id = id;
        this.current = current;
        this.options = ReadOnlyValues.map(options); // shared by every call: no script may change it for the next
        this.flagAction = flagAction == null ? Action.DENY : flagAction;
        this.runner = runner;
        this.budget = budget;
    }

    @Override
    public CompletableFuture<GuardVerdict> checkAsync(GuardInput input) {
        GuardrailScript script = current.get();
        if (script == null) {
            return CompletableFuture.failedFuture(new CheckFailed("IllegalStateException", "guardrail script " + id + " is not loaded"));
        }
        return runner.call(() -> verdict(script, input), budget).handle((verdict, error) -> {
            if (error == null) {
                return verdict;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof ScriptRunner.ScriptTimeoutException timeout) {
                // Stopped at the budget, or never started because the script pool is saturated.
                throw new CheckTimedOut(timeout.getMessage().startsWith("timed out")
                        ? "exceeded its time budget of " + budget.toMillis() + " ms" : timeout.getMessage());
            }
            // As for policy scripts: neither the exception nor its cause chain or stack leaves here,
            // only its simple name (client, receipt) and the sanitised description (log).
            throw new CheckFailed(cause.getClass().getSimpleName(), ScriptErrors.describe(cause));
        });
    }

    /** Runs the check on the calling thread (a script thread). */
    GuardVerdict verdict(GuardrailScript script, GuardInput input) {
        Closure<?> check = script.checkHandler();
        Object result = check.getMaximumNumberOfParameters() == 2
                ? check.call(input.text(), input.phase().name().toLowerCase(java.util.Locale.ROOT))
                : check.call(new ScriptGuardInput(input, options));
        if (!(result instanceof ScriptVerdict verdict)) {
            throw new IllegalStateException("check returned " + (result == null ? "nothing" : result.getClass().getSimpleName())
                    + "; return pass(), warn(..), deny(..), redact(..) or flag(..)");
        }
        Action action = verdict.action() == null ? flagAction : verdict.action();
        return switch (action) {
            case PASS -> GuardVerdict.pass(id);
            case WARN -> GuardVerdict.warn(id, verdict.reason());
            case DENY -> GuardVerdict.deny(id, verdict.reason());
            case REDACT -> GuardVerdict.redact(id, verdict.reason(), masked(input, verdict.mask() != null ? verdict.mask() : script.maskHandler()));
        };
    }

    /** The masked copy of the body; null for a stream (which cannot be rewritten: the runner denies instead). */
    private static com.fasterxml.jackson.databind.node.ObjectNode masked(GuardInput input, Closure<?> mask) {
        if (mask == null) {
            throw new IllegalStateException("redact needs a mask: register mask { text -> ... } or pass one to redact(reason) { text -> ... }");
        }
        if (input.body() == null) {
            return null;
        }
        java.util.function.UnaryOperator<String> masking = text -> {
            Object masked = mask.call(text);
            if (!(masked instanceof CharSequence chars)) {
                throw new IllegalStateException("mask returned " + (masked == null ? "nothing" : masked.getClass().getSimpleName())
                        + " instead of the masked text");
            }
            return chars.toString();
        };
        return input.phase() == GuardPhase.REQUEST ? GuardText.maskRequest(input.body(), masking) : GuardText.maskResponse(input.body(), masking);
    }
}
