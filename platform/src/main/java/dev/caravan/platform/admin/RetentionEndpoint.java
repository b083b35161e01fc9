package dev.caravan.platform.admin;

import dev.caravan.platform.retention.RetentionPurger;
import dev.caravan.platform.retention.RetentionRun;

import dev.caravan.platform.audit.AuditLog;
import dev.caravan.platform.logging.LoggingPolicy;
import dev.caravan.platform.exchange.QueryParameters;
import dev.caravan.platform.exchange.RequestState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Stage {@code retentionStatus}: {@code GET /admin/v1/retention} shows each scope's retention and
 * the last purge's summary. Stage {@code retentionRun}: {@code POST /admin/v1/retention/run}
 * purges now (audited as {@code retention.run}) and returns that run. Admin only.
 */
public final class RetentionEndpoint extends AdminJsonEndpoint<Void> {

    /** The response body. */
    record Status(String object, Map<String, Integer> retentionDays, RetentionRun lastRun) {}

    private final RetentionPurger purger;
    private final LoggingPolicy policy;
    private final AuditLog audit;
    private final boolean runNow;

    private RetentionEndpoint(RetentionPurger purger, LoggingPolicy policy, AuditLog audit, boolean runNow, Executor storageExecutor) {
        super(storageExecutor);
        this.purger = purger;
        this.policy = policy;
        this.audit = audit;
        this.runNow = runNow;
    }

    public static RetentionEndpoint status(RetentionPurger purger, LoggingPolicy policy, Executor storageExecutor) {
        return new RetentionEndpoint(purger, policy, null, false, storageExecutor);
    }

    public static RetentionEndpoint run(RetentionPurger purger, LoggingPolicy policy, AuditLog audit, Executor storageExecutor) {
        return new RetentionEndpoint(purger, policy, audit, true, storageExecutor);
    }

    @Override
    protected Void parse(RequestState state, org.apache.camel.Exchange exchange) {
        QueryParameters.of(exchange, List.of()); // no parameters: a typo is a 400, not ignored
        return null;
    }

    @Override
    protected Object answer(Void none, RequestState state) {
        RetentionRun run = purger.lastRun();
        if (runNow) {
            run = purger.runOnce();
            audit.record(state.adminActor(), "retention.run", "retention", null, run);
        }
        Map<String, Integer> days = new LinkedHashMap<>();
        policy.listed().forEach((tenant, rules) -> days.put(tenant, rules.retentionDays()));
        days.put(RetentionPurger.OTHER_TENANTS, policy.defaults().retentionDays());
        return new Status("retention", days, run);
    }
}
