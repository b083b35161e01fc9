package dev.caravan.platform.pipeline;

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
 * A query string read strictly, for the gateway's list and report endpoints: an unknown or repeated
 * parameter is a 400 naming it, so a typo never silently widens a result; an empty value
 * ({@code alias=}) counts as not given. Values echoed in errors are cut short.
 */
public final class QueryParams {

    private final Map<String, List<String>> params;

    private QueryParams(Map<String, List<String>> params) {
        this.params = params;
    }

    /** @throws GatewayException 400 for bad URL encoding or a parameter not in {@code known} */
    public static QueryParams parse(String uri, List<String> known) {
        Map<String, List<String>> params;
        try {
            params = new QueryStringDecoder(uri).parameters();
        } catch (IllegalArgumentException e) {
            throw GatewayException.badRequest(null, "The query string is not valid URL encoding: " + e.getMessage());
        }
        Set<String> unknown = new TreeSet<>(params.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw GatewayException.badRequest(String.join(",", unknown), "Unknown query parameter(s): "
                    + String.join(", ", unknown) + ". Known: " + String.join(", ", known) + ".");
        }
        return new QueryParams(params);
    }

    public String value(String name) {
        List<String> values = params.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw GatewayException.badRequest(name, "Query parameter '" + name + "' is given more than once.");
        }
        return values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
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
