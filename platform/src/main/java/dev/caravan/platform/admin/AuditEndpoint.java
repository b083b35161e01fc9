package dev.caravan.platform.admin;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.QueryParameters;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.storage.AuditEntry;
import dev.caravan.platform.storage.AuditRepository;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Stage {@code listAudit}: {@code GET /admin/v1/audit?since=&action=&limit=&cursor=} lists audit
 * entries newest first, paged with {@code next_cursor} like {@code /admin/v1/receipts}. Admin only.
 */
public final class AuditEndpoint extends AdminJsonEndpoint<AuditEndpoint.Params> {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final List<String> KNOWN = List.of("since", "action", "limit", "cursor");

    record Params(Instant since, String action, Long beforeId, int limit) {}

    /** The response body: OpenAI's list shape plus the cursor of the next page (null on the last). */
    record AuditList(String object, List<AuditEntry> data, boolean hasMore, String nextCursor) {}

    private final AuditRepository repo;

    public AuditEndpoint(AuditRepository repo, Executor storageExecutor) {
        super(storageExecutor);
        this.repo = repo;
    }

    @Override
    protected Params parse(RequestState state, org.apache.camel.Exchange exchange) {
        QueryParameters q = QueryParameters.of(exchange, KNOWN);
        return new Params(q.instant("since"), q.value("action"), cursor(q.value("cursor")), limit(q.value("limit")));
    }

    @Override
    protected Object answer(Params p, RequestState state) {
        AuditRepository.Page page = repo.list(p.since(), p.action(), p.beforeId(), p.limit());
        String next = page.nextBeforeId() == null ? null : Long.toString(page.nextBeforeId());
        return new AuditList("list", page.entries(), next != null, next);
    }

    private static Long cursor(String text) {
        if (text == null) {
            return null;
        }
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw GatewayException.badRequest("cursor", "'cursor' must be a next_cursor value returned by this endpoint.");
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw GatewayException.badRequest("limit", "'limit' must be a whole number from 1 to " + MAX_LIMIT
                + ", got '" + QueryParameters.shown(text) + "'.");
    }
}
