package dev.caravan.platform.admin;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.QueryParameters;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.pipeline.KeyAuthenticator;

import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Stage {@code revokeKey}: {@code POST /admin/v1/keys/{name}/revoke} (the REST path parameter
 * {@code {name}}) revokes a virtual key through the running gateway, so
 * this node refuses it from the very next request (its key cache is dropped at once). On
 * PostgreSQL, other nodes drop theirs when the change notification arrives (well within 1 s, see
 * {@code storage.ChangeNotifications}); on H2 a revoke made by another process takes effect within
 * the cache's 30 s.
 */
public final class KeyRevokeEndpoint extends AdminJsonEndpoint<String> {

    private final KeyAuthenticator authenticator;
    private final dev.caravan.platform.audit.AuditLog audit;

    public KeyRevokeEndpoint(KeyAuthenticator authenticator, dev.caravan.platform.audit.AuditLog audit, Executor storageExecutor) {
        super(storageExecutor);
        this.authenticator = authenticator;
        this.audit = audit;
    }

    @Override
    protected String parse(RequestState state, org.apache.camel.Exchange exchange) {
        return QueryParameters.path(exchange, "name");
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
