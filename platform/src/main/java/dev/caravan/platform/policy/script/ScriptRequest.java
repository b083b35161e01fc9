package dev.caravan.platform.policy.script;

import dev.caravan.api.policy.PolicyRequest;
import java.util.Collections;
import java.util.Map;

/**
 * The request as a script's {@code beforeRequest} handler sees it ({@code req.alias},
 * {@code req.metadata.team}, {@code req.body.messages}). A read-only view: changes are asked for
 * with {@code modify(...)}.
 */
public final class ScriptRequest {


    private final PolicyRequest request;

    ScriptRequest(PolicyRequest request) {
        this.request = request;
    }

    public String getTraceId() {
        return request.context().traceId();
    }

    public String getTenant() {
        return request.context().tenantId();
    }

    /** Operator-given name of the virtual key. */
    public String getKey() {
        return request.context().keyName();
    }

    public String getKeyId() {
        return request.context().keyId();
    }

    /** The {@code model} the client sent. */
    public String getModel() {
        return request.context().requestedModel();
    }

    /** The alias the request is routed to. */
    public String getAlias() {
        return request.alias();
    }

    public Map<String, String> getMetadata() {
        return request.context().metadata();
    }

    public long getPromptTokens() {
        return request.estimatedPromptTokens();
    }

    /** The completion cap the request carries, or the model's limit. */
    public long getMaxTokens() {
        return request.maxCompletionTokens();
    }

    /** A read-only copy of the request body as maps and lists. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> getBody() {
        return Collections.unmodifiableMap(ScriptJson.MAPPER.convertValue(request.body(), Map.class));
    }

    PolicyRequest request() {
        return request;
    }
}
