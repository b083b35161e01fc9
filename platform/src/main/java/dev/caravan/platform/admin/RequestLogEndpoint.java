package dev.caravan.platform.admin;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.QueryParameters;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.storage.RequestLogRepository;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * Stage {@code getRequestLog}: {@code GET /admin/v1/logs/{trace_id}} (the REST path parameter) returns the stored request log
 * (bodies as the tenant's mode allowed, redaction counts, do-not-track reason). Admin only. Logs
 * still queued for the writer are not found yet; 404 also when the log was purged.
 */
public final class RequestLogEndpoint extends AdminJsonEndpoint<String> {

    private static final Pattern TRACE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final RequestLogRepository repo;

    public RequestLogEndpoint(RequestLogRepository repo, Executor storageExecutor) {
        super(storageExecutor);
        this.repo = repo;
    }

    @Override
    protected String parse(RequestState state, org.apache.camel.Exchange exchange) {
        String traceId = QueryParameters.path(exchange, "trace_id");
        if (!TRACE_ID.matcher(traceId).matches()) {
            throw GatewayException.badRequest("trace_id", "Give a trace id: GET /admin/v1/logs/{trace_id} (1 to 64 letters, digits, '-' or '_').");
        }
        return traceId;
    }

    @Override
    protected Object answer(String traceId, RequestState state) {
        return repo.find(traceId).orElseThrow(() -> new GatewayException(404, "invalid_request_error", "log_not_found",
                "trace_id", "No request log '" + traceId + "' (not written yet, purged, or never received)."));
    }
}
