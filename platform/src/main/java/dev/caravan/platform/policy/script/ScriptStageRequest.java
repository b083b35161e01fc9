package dev.caravan.platform.policy.script;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.api.stage.StageRequest;
import java.util.Collections;
import java.util.Map;

/**
 * What a stage script's handler sees ({@code request.header('x-team')}, {@code request.tenant},
 * {@code request.body.model}): a read-only view of the request.
 */
public final class ScriptStageRequest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StageRequest request;

    ScriptStageRequest(StageRequest request) {
        this.request = request;
    }

    /** A request header by name, any case; null when absent. Credentials are never visible. */
    public String header(String name) {
        return name == null ? null : request.header(name);
    }

    /** Every visible request header, names in lower case. */
    public Map<String, String> getHeaders() {
        return request.headers();
    }

    public String getTraceId() {
        return request.traceId();
    }

    /** The path called, e.g. {@code /v1/chat/completions}. */
    public String getEndpoint() {
        return request.endpoint();
    }

    public String getTenant() {
        return request.tenantId();
    }

    /** The key's name. */
    public String getKey() {
        return request.keyName();
    }

    /** The {@code model} the client sent. */
    public String getModel() {
        return request.model();
    }

    /** The alias so far: resolved, or chosen by an earlier stage; null before either. */
    public String getAlias() {
        return request.alias();
    }

    public Map<String, String> getMetadata() {
        return request.metadata();
    }

    /** A read-only copy of the JSON body as maps and lists; null before the route's parse stage. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> getBody() {
        return request.body() == null ? null : Collections.unmodifiableMap(JSON.convertValue(request.body(), Map.class));
    }
}
