package dev.caravan.platform.policy.script;

import dev.caravan.api.policy.PolicyRequest;
import java.util.Map;

/**
 * The request as a script's {@code beforeRequest} handler sees it ({@code req.alias},
 * {@code req.metadata.team}, {@code req.body.messages}). A read-only view: changes are asked for
 * with {@code modify(...)}.
 */
public final class ScriptRequest {

    // Copies only: Groovy reads private fields by name, so nothing here may lead to the live request
    // (the body is held in HeldBodies).
    private final String traceId;
    private final String tenant;
    private final String key;
    private final String keyId;
    private final String model;
    private final String alias;
    private final Map<String, String> metadata;
    private final long promptTokens;
    private final long maxTokens;

    ScriptRequest(PolicyRequest request) {
        this.traceId = request.context().traceId();
        this.tenant = request.context().tenantId();
        this.key = request.context().keyName();
        this.keyId = request.context().keyId();
        this.model = request.context().requestedModel();
        this.alias = request.alias();
        this.metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(request.context().metadata()));
        this.promptTokens = request.estimatedPromptTokens();
        this.maxTokens = request.maxCompletionTokens();
        HeldBodies.hold(this, request.body());
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

    public String getKeyId() {
        return keyId;
    }

    /** The {@code model} the client sent. */
    public String getModel() {
        return model;
    }

    /** The alias the request is routed to. */
    public String getAlias() {
        return alias;
    }

    public Map<String, String> getMetadata() {
        return metadata;
    }

    public long getPromptTokens() {
        return promptTokens;
    }

    /** The completion cap the request carries, or the model's limit. */
    public long getMaxTokens() {
        return maxTokens;
    }

    /** A read-only copy of the request body as maps and lists. */
    public Map<String, Object> getBody() {
        Map<String, Object> body = HeldBodies.copy(this);
        return body == null ? Map.of() : body;
    }
}
