package dev.caravan.platform.admin;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.QueryParameters;

import dev.caravan.platform.storage.ReceiptQuery;
import java.time.Instant;
import java.util.List;

/**
 * Reads the query parameters of {@code GET /admin/v1/receipts} into a {@link ReceiptQuery}. Every
 * problem is a 400 naming its parameter; an unknown or repeated parameter is a problem too, so a
 * typo never silently widens the list. An empty value ({@code alias=}) counts as not given.
 */
final class ReceiptListParams {

    static final int DEFAULT_LIMIT = 100;
    private static final List<String> KNOWN = List.of("alias", "status", "tenant", "key", "since", "until", "limit", "cursor", "trace_id");

    private final QueryParameters params;

    private ReceiptListParams(QueryParameters params) {
        this.params = params;
    }

    /** @throws GatewayException 400 naming the first bad parameter */
    static ReceiptQuery parse(org.apache.camel.Exchange exchange) {
        return new ReceiptListParams(QueryParameters.of(exchange, KNOWN)).toQuery();
    }

    private ReceiptQuery toQuery() {
        ReceiptQuery query = ReceiptQuery.newest(limit())
                .withAlias(value("alias"))
                .withTenant(value("tenant"))
                .withKey(value("key"))
                .withSince(instant("since"))
                .withUntil(instant("until"))
                .withTraceId(value("trace_id"));
        if (query.since() != null && query.until() != null && !query.since().isBefore(query.until())) {
            throw GatewayException.badRequest("until", "'until' must be later than 'since'.");
        }
        query = status(query);
        String cursor = value("cursor");
        return cursor == null ? query : query.withAfter(position(cursor));
    }

    private String value(String name) {
        return params.value(name);
    }

    private Instant instant(String name) {
        return params.instant(name);
    }

    private int limit() {
        String limit = value("limit");
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= ReceiptQuery.MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw GatewayException.badRequest("limit", "'limit' must be a whole number from 1 to "
                + ReceiptQuery.MAX_LIMIT + ", got '" + shown(limit) + "'.");
    }

    private ReceiptQuery status(ReceiptQuery query) {
        String status = value("status");
        if (status == null) {
            return query;
        }
        if (status.equals("error")) {
            return query.withErrorsOnly();
        }
        try {
            int code = Integer.parseInt(status);
            if (code >= 100 && code <= 599) {
                return query.withStatus(code);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw GatewayException.badRequest("status", "'status' must be an HTTP status (100-599) or 'error' (400 and above), got '"
                + shown(status) + "'.");
    }

    private static ReceiptQuery.Position position(String cursor) {
        try {
            return ReceiptCursor.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw GatewayException.badRequest("cursor", "'cursor' must be a next_cursor value returned by this endpoint.");
        }
    }

    private static String shown(String value) {
        return QueryParameters.shown(value);
    }
}
