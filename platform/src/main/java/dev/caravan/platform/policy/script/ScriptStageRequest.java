package dev.caravan.platform.policy.script;

import dev.caravan.api.stage.StageRequest;
import java.util.Map;

/**
 * What a stage script's handler sees ({@code request.header('x-team')}, {@code request.tenant},
 * {@code request.body.model}): a read-only view of the request.
 */
public final class ScriptStageRequest {

    // Copies only: Groovy reads private (also static) fields by name, so nothing here may lead to the
    // live request or to a JSON mapper (which reads files); the body is held in HeldBodies.
    private final Map<String, String> headers;
    private final String traceId;
    private final String endpoint;
    private final String tenant;
    private final String key;
    private final String model;
    private final String alias;
    private final Map<String, String> metadata;

    ScriptStageRequest(StageRequest request) {
        this.headers = request.headers();
        this.traceId = request.traceId();
        this.endpoint = request.endpoint();
        this.tenant = request.tenantId();
        this.key = request.keyName();
        this.model = request.model();
        this.alias = request.alias();
        this.metadata = request.metadata();
        HeldBodies.hold(this, request.body());
    }

    /** A request header by name, any case; null when absent. Credentials are never visible. */
    public String header(String name) {
        return name == null ? null : headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** Every visible request header, names in lower case. */
    public Map<String, String> getHeaders() {
        return headers;
    }

    public String getTraceId() {
        return traceId;
    }

    /** The path called, e.g. {@code /v1/chat/completions}. */
    public String getEndpoint() {
        return endpoint;
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

    /** The alias so far: resolved, or chosen by an earlier stage; null before either. */
    public String getAlias() {
        return alias;
    }

    public Map<String, String> getMetadata() {
        return metadata;
    }

    /** A read-only copy of the JSON body as maps and lists; null before the route's parse stage. */
    public Map<String, Object> getBody() {
        return HeldBodies.copy(this);
    }
}
