package dev.caravan.platform.admin;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.HttpResponses;
import dev.caravan.platform.exchange.QueryParameters;
import dev.caravan.platform.exchange.RequestState;

import dev.caravan.platform.storage.ReceiptJson;
import dev.caravan.platform.storage.UsageQuery;
import dev.caravan.platform.storage.UsageRepository;
import dev.caravan.platform.storage.UsageRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages {@code usageReport} ({@code GET /v1/usage}: the calling key's own usage) and
 * {@code adminUsageReport} ({@code GET /admin/v1/usage}: every tenant, after {@code adminAuthenticate}).
 * Totals tokens and exact cost per UTC day or month and per group, from stored receipts; the query
 * runs on the storage executor. Receipts still queued for the batch writer are not counted yet.
 */
public final class UsageEndpoint extends AsyncProcessorSupport {

    private static final Logger LOG = LoggerFactory.getLogger(UsageEndpoint.class);
    private static final List<String> ADMIN_GROUPS = List.of("none", "tenant", "key", "alias", "provider", "model");
    private static final List<String> KEY_GROUPS = List.of("none", "alias", "provider", "model");

    private final UsageRepository repository;
    private final Executor storageExecutor;
    private final boolean admin;

    private UsageEndpoint(UsageRepository repository, Executor storageExecutor, boolean admin) {
        this.repository = repository;
        this.storageExecutor = storageExecutor;
        this.admin = admin;
    }

    public static UsageEndpoint forCallingKey(UsageRepository repository, Executor storageExecutor) {
        return new UsageEndpoint(repository, storageExecutor, false);
    }

    public static UsageEndpoint forAdmin(UsageRepository repository, Executor storageExecutor) {
        return new UsageEndpoint(repository, storageExecutor, true);
    }

    record UsageReport(String object, String groupBy, String period, Instant since, Instant until, List<UsageRow> data) {}

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RequestState state = RequestState.of(exchange);
        UsageQuery query;
        try {
            query = query(state, exchange);
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        CompletableFuture<List<UsageRow>> rows;
        try {
            rows = CompletableFuture.supplyAsync(() -> repository.report(query), storageExecutor);
        } catch (RejectedExecutionException e) {
            rows = CompletableFuture.failedFuture(e);
        }
        boolean sync = rows.isDone();
        rows.whenComplete((result, error) -> {
            try {
                if (error != null) {
                    LOG.warn("trace {}: usage report failed: {}", state.traceId(), error.toString());
                    throw new GatewayException(503, "api_error", "storage_unavailable", null,
                            "Usage cannot be reported right now; retry shortly.", null, error);
                }
                UsageReport report = new UsageReport("usage.report", query.groupBy().name().toLowerCase(Locale.ROOT),
                        query.period().name().toLowerCase(Locale.ROOT), query.since(), query.until(), result);
                HttpResponses.json(exchange, 200, ReceiptJson.mapper().writeValueAsBytes(report));
            } catch (Exception e) {
                exchange.setException(e);
            }
            callback.done(sync);
        });
        return sync;
    }

    private UsageQuery query(RequestState state, Exchange exchange) {
        if (admin && state.adminActor() == null) {
            // A route that forgot the gate must not report every tenant's spend.
            throw new IllegalStateException("adminUsageReport must follow the adminAuthenticate stage");
        }
        if (!admin && state.key() == null) {
            throw new IllegalStateException("usageReport must follow the authenticate stage");
        }
        QueryParameters params = QueryParameters.of(exchange, admin
                ? List.of("group_by", "period", "since", "until", "tenant", "key")
                : List.of("group_by", "period", "since", "until"));
        String groupBy = params.choice("group_by", admin ? ADMIN_GROUPS : KEY_GROUPS, "none");
        String period = params.choice("period", List.of("day", "month"), "day");
        Instant until = params.instant("until");
        until = until == null ? Instant.now() : until;
        Instant since = params.instant("since");
        since = since == null ? LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant() : since;
        if (!since.isBefore(until)) {
            throw GatewayException.badRequest("until", "'until' must be later than 'since'.");
        }
        return new UsageQuery(UsageQuery.GroupBy.valueOf(groupBy.toUpperCase(Locale.ROOT)),
                UsageQuery.Period.valueOf(period.toUpperCase(Locale.ROOT)), since, until,
                admin ? params.value("tenant") : null, admin ? params.value("key") : state.key().id());
    }
}
