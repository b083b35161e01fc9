package dev.caravan.platform.policy.script;

import dev.caravan.api.redaction.Redaction;
import groovy.lang.Closure;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base class of every log redactor script ({@code policies/redactors/*.groovy}): the DSL of the
 * "Redactor scripts" section of docs/logging-and-privacy.md. The body runs once when the file is
 * loaded and registers the handler; {@code redact} then runs, on the script pool, for each body the
 * request log stores of a tenant whose logging mode is {@code redacted} and whose redactors name
 * {@code script:<name>}:
 *
 * <pre>
 * redact { text -> text.replaceAll(/TCK-\d+/, '[TICKET]') }
 * redact { text -> masked(text, /TCK-\d+/, '[TICKET]', 'ticket') }   // also counts findings
 * </pre>
 *
 * Handlers run concurrently: state kept in script variables must be thread-safe.
 */
public abstract class RedactorScript extends SandboxedScript {

    private volatile Closure<?> redact;

    /** Registers the handler: text in, masked text (or {@link #masked}) out. */
    public void redact(Closure<?> handler) {
        this.redact = handler;
    }

    /** {@code text} with every match of {@code regex} replaced, counted under {@code kind} for the log's {@code redactions}. */
    public Redaction masked(String text, String regex, String replacement, String kind) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(regex).matcher(text);
        StringBuilder out = new StringBuilder();
        int count = 0;
        while (matcher.find()) {
            matcher.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
            count++;
        }
        matcher.appendTail(out);
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (count > 0) {
            counts.put(kind, count);
        }
        return new Redaction(out.toString(), counts);
    }

    /** A result with counts of its own: {@code masked(newText, [ticket: 2])}. */
    public Redaction masked(String text, Map<String, ? extends Number> counts) {
        Map<String, Integer> copy = new LinkedHashMap<>();
        counts.forEach((k, v) -> copy.put(String.valueOf(k), v.intValue()));
        return new Redaction(text, copy);
    }

    Closure<?> redactHandler() {
        return redact;
    }
}
