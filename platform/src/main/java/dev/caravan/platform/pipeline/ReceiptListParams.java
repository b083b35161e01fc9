package dev.caravan.platform.pipeline;

import dev.caravan.platform.storage.ReceiptQuery;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the query string of {@code GET /admin/v1/receipts} into a {@link ReceiptQuery}. Every
 * problem is a 400 naming its parameter; an unknown or repeated parameter is a problem too, so a
 * typo never silently widens the list. An empty value ({@code alias=}) counts as not given.
 */
final class ReceiptListParams {

    static final int DEFAULT_LIMIT = 100;
    private static final Set<String> KNOWN = Set.of("alias", "status", "tenant", "key", "since", "until", "limit", "cursor");

    private final Map<String, List<String>> params;

    private ReceiptListParams(Map<String, List<String>> params) {
        this.params = params;
    }

    /** @throws GatewayException 400 naming the first bad parameter */
    static ReceiptQuery parse(String uri) {
        Map<String, List<String>> params;
        try {
            params = new QueryStringDecoder(uri).parameters();
        } catch (IllegalArgumentException e) {
            throw GatewayException.badRequest(null, "The query string is not valid URL encoding: " + e.getMessage());
        }
        return new ReceiptListParams(params).toQuery();
    }

    private ReceiptQuery toQuery() {
        Set<String> unknown = new TreeSet<>(params.keySet());
        unknown.removeAll(KNOWN);
        if (!unknown.isEmpty()) {
            throw GatewayException.badRequest(String.join(",", unknown), "Unknown query parameter(s): "
                    + String.join(", ", unknown) + ". Known: alias, status, tenant, key, since, until, limit, cursor.");
        }
        ReceiptQuery query = ReceiptQuery.newest(limit())
                .withAlias(value("alias"))
                .withTenant(value("tenant"))
                .withKey(value("key"))
                .withSince(instant("since"))
                .withUntil(instant("until"));
        if (query.since() != null && query.until() != null && !query.since().isBefore(query.until())) {
            throw GatewayException.badRequest("until", "'until' must be later than 'since'.");
        }
        query = status(query);
        String cursor = value("cursor");
        return cursor == null ? query : query.withAfter(position(cursor));
    }

    private String value(String name) {
        List<String> values = params.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw GatewayException.badRequest(name, "Query parameter '" + name + "' is given more than once.");
        }
        return values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
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

    /** An ISO-8601 instant ({@code 2026-11-24T09:12:01Z}) or a date ({@code 2026-11-24}, midnight UTC). */
    private Instant instant(String name) {
        String text = value(name);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                // A '+' sent unencoded arrives as a space: say so, it is the usual mistake with offsets.
                String hint = text.contains(" ") ? " (send '+' as %2B in a URL)" : "";
                throw GatewayException.badRequest(name, "'" + name + "' must be an ISO-8601 instant such as "
                        + "2026-11-24T09:12:01Z or a date such as 2026-11-24, got '" + shown(text) + "'" + hint + ".");
            }
        }
    }

    private static ReceiptQuery.Position position(String cursor) {
        try {
            return ReceiptCursor.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw GatewayException.badRequest("cursor", "'cursor' must be a next_cursor value returned by this endpoint.");
        }
    }

    /** Echoes client input in an error message, but never much of it. */
    private static String shown(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
