package dev.caravan.platform.policy.script;

import dev.caravan.api.guardrail.GuardInput;
import dev.caravan.api.guardrail.GuardPhase;
import java.util.Locale;
import java.util.Map;

/**
 * What a guardrail script's {@code check} sees ({@code input.text}, {@code input.phase},
 * {@code input.options.words}): a read-only view of the call and of the guardrail entry's options.
 */
public final class ScriptGuardInput {

    // Copies only: Groovy reads private fields by name, so nothing here may lead to the live request
    // or answer (the body is held in HeldBodies).
    private final String text;
    private final GuardPhase phase;
    private final boolean hasBody;
    private final boolean complete;
    private final Map<String, Object> options;
    private final String traceId;
    private final String tenant;
    private final String key;
    private final String model;
    private final Map<String, String> metadata;

    ScriptGuardInput(GuardInput input, Map<String, Object> options) {
        this.text = input.text() == null ? "" : input.text();
        this.phase = input.phase();
        this.hasBody = input.body() != null;
        this.complete = input.complete();
        this.options = options;
        this.traceId = input.context() == null ? null : input.context().traceId();
        this.tenant = input.context() == null ? null : input.context().tenantId();
        this.key = input.context() == null ? null : input.context().keyName();
        this.model = input.context() == null ? null : input.context().requestedModel();
        this.metadata = input.context() == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(input.context().metadata()));
        HeldBodies.hold(this, input.body());
    }

    /** The user-visible text: the prompt (request), or the answer so far (response, streams included). */
    public String getText() {
        return text;
    }

    /** {@code request} or {@code response}. */
    public String getPhase() {
        return phase.name().toLowerCase(Locale.ROOT);
    }

    public boolean isRequest() {
        return phase == GuardPhase.REQUEST;
    }

    public boolean isResponse() {
        return phase == GuardPhase.RESPONSE;
    }

    /** True when checking a streamed answer: there is no body, and a redaction stops the stream. */
    public boolean isStream() {
        return phase == GuardPhase.RESPONSE && !hasBody;
    }

    /** False while a stream is still running. */
    public boolean isComplete() {
        return complete;
    }

    /** The options written in the guardrail entry (every key but {@code script} and {@code on}), read-only. */
    public Map<String, Object> getOptions() {
        return options;
    }

    public String getTraceId() {
        return traceId;
    }

    public String getTenant() {
        return tenant;
    }

    /** The key's name. */
    public String getKey() {
        return key;
    }

    /** The {@code model} the client sent. */
    public String getModel() {
        return model;
    }

    public Map<String, String> getMetadata() {
        return metadata;
    }

    /** A read-only copy of the body as maps and lists; null for a streamed answer. */
    public Map<String, Object> getBody() {
        return HeldBodies.copy(this);
    }
}
