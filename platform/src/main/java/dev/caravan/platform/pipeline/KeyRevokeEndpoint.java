package dev.caravan.platform.pipeline;

import java.util.Map;
import java.util.concurrent.Executor;

/**
 * {@code POST /admin/v1/keys/{name}/revoke}: revokes a virtual key through the running gateway, so
 * this node refuses it from the very next request (its key cache is dropped at once). Other nodes
 * and a revoke made with {@code caravan keys revoke} in another process take effect within the
 * cache's 30 s.
 */
public final class KeyRevokeEndpoint extends AdminJsonEndpoint<String> {

    private static final String PREFIX = "/admin/v1/keys/";
    private static final String SUFFIX = "/revoke";

    private final KeyAuthenticator authenticator;
    private final dev.caravan.platform.audit.AuditLog audit;

    public KeyRevokeEndpoint(KeyAuthenticator authenticator, dev.caravan.platform.audit.AuditLog audit, Executor storageExecutor) {
        super(storageExecutor);
        this.authenticator = authenticator;
        this.audit = audit;
    }

    @Override
    protected String parse(RequestState state, String uri) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        String name = path.startsWith(PREFIX) && path.endsWith(SUFFIX) && path.length() > PREFIX.length() + SUFFIX.length()
                ? path.substring(PREFIX.length(), path.length() - SUFFIX.length()) : null;
        if (name == null || name.indexOf('/') >= 0) {
            throw new GatewayException(404, "invalid_request_error", "not_found", null,
                    "Use POST /admin/v1/keys/{name}/revoke.");
        }
        return name;
    }

    @Override
    protected Object answer(String name, RequestState state) {
        if (!authenticator.revoke(name)) {
            throw new GatewayException(404, "invalid_request_error", "key_not_found", "name",
                    "No active key is named '" + name + "'.");
        }
        // Same entry as 'caravan keys revoke' writes, with the admin API's actor.
        audit.record(state.adminActor(), "key.revoke", "key:" + name, Map.of("name", name, "active", true),
                Map.of("name", name, "active", false));
        return Map.of("name", name, "active", false);
    }
}
