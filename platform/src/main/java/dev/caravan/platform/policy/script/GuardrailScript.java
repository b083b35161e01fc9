package dev.caravan.platform.policy.script;

import dev.caravan.api.guardrail.GuardVerdict.Action;
import groovy.lang.Closure;

/**
 * Base class of every guardrail script ({@code policies/guardrails/*.groovy}): the DSL of the
 * "Scripted guardrails" section of docs/guardrails.md. The script body runs once when the file is
 * loaded and registers its handlers; {@code check} then runs for every request or answer the
 * guardrail is configured on:
 *
 * <pre>
 * check { input -> input.text.contains('Project Falcon') ? deny('code name') : pass() }
 * mask { text -> text.replace('Project Falcon', '[CODE NAME]') }
 * </pre>
 *
 * Handlers run concurrently for many requests: state kept in script variables must be thread-safe.
 */
public abstract class GuardrailScript extends SandboxedScript {

    private volatile Closure<?> check;
    private volatile Closure<?> mask;

    /**
     * Registers the check: called with a {@link ScriptGuardInput} ({@code check { input -> }}) or,
     * for a closure of two parameters, with the text and the phase ({@code check { text, phase -> }}).
     * It returns {@code pass()}, {@code warn(..)}, {@code deny(..)}, {@code redact(..)} or {@code flag(..)}.
     */
    public void check(Closure<?> handler) {
        this.check = handler;
    }

    /** Registers how text is masked when this guardrail redacts: a closure from text to masked text. */
    public void mask(Closure<?> handler) {
        this.mask = handler;
    }

    /** Nothing found. */
    public ScriptVerdict pass() {
        return new ScriptVerdict(Action.PASS, null, null);
    }

    /** Let the call go on; the reason is recorded in the receipt. */
    public ScriptVerdict warn(String reason) {
        return new ScriptVerdict(Action.WARN, reason, null);
    }

    /** Stop the call with 446; the reason is shown to the caller, so never quote what was found. */
    public ScriptVerdict deny(String reason) {
        return new ScriptVerdict(Action.DENY, reason, null);
    }

    /** Go on with the text masked by the script's {@code mask { }} handler. */
    public ScriptVerdict redact(String reason) {
        return new ScriptVerdict(Action.REDACT, reason, null);
    }

    /** Go on with the text masked by {@code masking} (text to masked text). */
    public ScriptVerdict redact(String reason, Closure<?> masking) {
        return new ScriptVerdict(Action.REDACT, reason, masking);
    }

    /** A finding; the guardrail entry's {@code action} option says what it does (deny, redact or warn; deny when unset). */
    public ScriptVerdict flag(String reason) {
        return new ScriptVerdict(null, reason, null);
    }

    Closure<?> checkHandler() {
        return check;
    }

    Closure<?> maskHandler() {
        return mask;
    }
}
