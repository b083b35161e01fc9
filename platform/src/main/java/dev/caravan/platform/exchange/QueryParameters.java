package dev.caravan.platform.exchange;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.util.URISupport;

/**
 * The query parameters of a request, as Camel mapped them into message headers, read strictly for
 * the gateway's list and report endpoints: an unknown or repeated parameter is a 400 naming it, so a
 * typo never silently widens a result; an empty value ({@code alias=}) counts as not given. Only
 * names that are in the query string are read, so a request header of the same name is never taken
 * for a parameter. Values echoed in errors are cut short.
 */
public final class QueryParameters {

    /** Exchange property: why Camel could not decode the request's path or query string. */
    public static final String PROBLEM = "caravan.requestLineProblem";

    private final Message message;
    private final Set<String> given;

    private QueryParameters(Message message, Set<String> given) {
        this.message = message;
        this.given = given;
    }

    /** @throws GatewayException 400 for a query string Camel could not decode or a parameter not in {@code known} */
    public static QueryParameters of(Exchange exchange, List<String> known) {
        requireDecoded(exchange);
        String query = exchange.getIn().getHeader(Exchange.HTTP_RAW_QUERY, String.class);
        Set<String> given;
        try {
            given = new TreeSet<>(decode(query).keySet());
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        Set<String> unknown = new TreeSet<>(given);
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw GatewayException.badRequest(String.join(",", unknown), "Unknown query parameter(s): "
                    + String.join(", ", unknown) + ". Known: " + String.join(", ", known) + ".");
        }
        return new QueryParameters(exchange.getIn(), given);
    }

    /**
     * A raw query string split by Camel ({@link URISupport#parseQuery}), names and values URL-decoded
     * ({@code +} is a space), in order; a repeated name keeps each value.
     *
     * @throws IllegalArgumentException for bad percent-encoding
     */
    public static Map<String, List<String>> decode(String rawQuery) throws java.net.URISyntaxException {
        Map<String, List<String>> decoded = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return decoded;
        }
        for (Map.Entry<String, Object> entry : URISupport.parseQuery(rawQuery, true, true).entrySet()) {
            List<String> values = decoded.computeIfAbsent(URLDecoder.decode(entry.getKey(), StandardCharsets.UTF_8), n -> new ArrayList<>());
            Iterable<?> raw = entry.getValue() instanceof List<?> list ? list : java.util.Collections.singletonList(entry.getValue());
            for (Object value : raw) {
                values.add(value == null ? "" : URLDecoder.decode(value.toString(), StandardCharsets.UTF_8));
            }
        }
        return decoded;
    }

    /** A path parameter of the route's REST path ({@code {name}} in {@code /budgets/{name}}), decoded. */
    public static String path(Exchange exchange, String name) {
        requireDecoded(exchange);
        String value = exchange.getIn().getHeader(name, String.class);
        if (value == null) {
            throw new IllegalStateException("no path parameter '" + name + "': the route's REST path must declare {" + name + "}");
        }
        return value;
    }

    private static void requireDecoded(Exchange exchange) {
        String problem = exchange.getProperty(PROBLEM, String.class);
        if (problem != null) {
            throw invalid(problem);
        }
    }

    private static GatewayException invalid(String why) {
        String text = why == null ? "" : why;
        return GatewayException.badRequest(null, "The path or query string is not valid URL encoding: "
                + (text.length() <= 120 ? text : text.substring(0, 120) + "..."));
    }

    public String value(String name) {
        if (!given.contains(name)) {
            return null;
        }
        Object value = message.getHeader(name);
        if (value instanceof Collection<?> values) {
            if (values.size() > 1) {
                throw GatewayException.badRequest(name, "Query parameter '" + name + "' is given more than once.");
            }
            value = values.isEmpty() ? null : values.iterator().next();
        }
        String text = value == null ? null : value.toString();
        return text == null || text.isEmpty() ? null : text;
    }

    /** An ISO-8601 instant ({@code 2026-11-24T09:12:01Z}) or a date ({@code 2026-11-24}, midnight UTC). */
    public Instant instant(String name) {
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

    /** One of {@code allowed}, or {@code fallback} when not given. */
    public String choice(String name, List<String> allowed, String fallback) {
        String text = value(name);
        if (text == null) {
            return fallback;
        }
        if (!allowed.contains(text)) {
            throw GatewayException.badRequest(name, "'" + name + "' must be one of " + String.join(", ", allowed)
                    + ", got '" + shown(text) + "'.");
        }
        return text;
    }

    /** Echoes client input in an error message, but never much of it. */
    public static String shown(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
