package dev.caravan.platform.policy.script;

import dev.caravan.api.guardrail.GuardInput;
import dev.caravan.api.guardrail.GuardPhase;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;

/**
 * What a guardrail script's {@code check} sees ({@code input.text}, {@code input.phase},
 * {@code input.options.words}): a read-only view of the call and of the guardrail entry's options.
 */
public final class ScriptGuardInput {


    private final GuardInput input;
    private final Map<String, Object> options;

    ScriptGuardInput(GuardInput input, Map<String, Object> options) {
        this.input = input;
        this.options = options;
    }

    /** The user-visible text: the prompt (request), or the answer so far (response, streams included). */
    public String getText() {
        return input.text() == null ? "" : input.text();
    }

    /** {@code request} or {@code response}. */
    public String getPhase() {
        return input.phase().name().toLowerCase(Locale.ROOT);
    }

    public boolean isRequest() {
        return input.phase() == GuardPhase.REQUEST;
    }

    public boolean isResponse() {
        return input.phase() == GuardPhase.RESPONSE;
    }

    /** True when checking a streamed answer: there is no body, and a redaction stops the stream. */
    public boolean isStream() {
        return input.phase() == GuardPhase.RESPONSE && input.body() == null;
    }

    /** False while a stream is still running. */
    public boolean isComplete() {
        return input.complete();
    }

    /** The options written in the guardrail entry (every key but {@code script} and {@code on}). */
    public Map<String, Object> getOptions() {
        return options;
    }

    public String getTraceId() {
        return input.context() == null ? null : input.context().traceId();
    }

    public String getTenant() {
        return input.context() == null ? null : input.context().tenantId();
    }

    /** The key's name. */
    public String getKey() {
        return input.context() == null ? null : input.context().keyName();
    }

    /** The {@code model} the client sent. */
    public String getModel() {
        return input.context() == null ? null : input.context().requestedModel();
    }

    public Map<String, String> getMetadata() {
        return input.context() == null ? Map.of() : input.context().metadata();
    }

    /** A read-only copy of the body as maps and lists; null for a streamed answer. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> getBody() {
        return input.body() == null ? null : Collections.unmodifiableMap(ScriptJson.MAPPER.convertValue(input.body(), Map.class));
    }
}
