package dev.caravan.platform.metrics;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns a request path into a bounded {@code endpoint} tag: the path of the route that served it
 * ({@code /v1/receipts/abc123} becomes {@code /v1/receipts}, {@code /admin/v1/budgets/x} the REST
 * path {@code /admin/v1/budgets/{name}}), else {@code other}. A raw path would
 * put trace ids and whatever a client sends into series names. Route paths are re-read when a path
 * matches none of them (routes may be reloaded), at most once every few seconds.
 */
final class EndpointNames {

    static final String OTHER = "other";
    private static final long REFRESH_NANOS = 5_000_000_000L;

    private final Supplier<Collection<String>> routePaths;
    private volatile List<String> longestFirst = List.of();
    private volatile long refreshedAt = System.nanoTime() - REFRESH_NANOS;

    EndpointNames(Supplier<Collection<String>> routePaths) {
        this.routePaths = routePaths;
    }

    String of(String path) {
        if (path == null) {
            return OTHER;
        }
        String match = match(path);
        long now = System.nanoTime();
        if (match == null && now - refreshedAt >= REFRESH_NANOS) {
            refreshedAt = now;
            longestFirst = routePaths.get().stream()
                    .map(p -> p.startsWith("/") ? p : "/" + p)
                    .distinct()
                    .sorted(Comparator.comparingInt(String::length).reversed())
                    .toList();
            match = match(path);
        }
        return match == null ? OTHER : match;
    }

    private String match(String path) {
        for (String route : longestFirst) {
            if (route.indexOf('{') >= 0 ? matchesTemplate(route, path) : path.startsWith(route)) {
                return route;
            }
        }
        return null;
    }

    /** A REST DSL path ({@code /admin/v1/logs/{trace_id}}): each {@code {name}} segment takes one segment of the path. */
    private static boolean matchesTemplate(String route, String path) {
        String[] own = route.split("/", -1);
        String[] given = path.split("/", -1);
        if (own.length != given.length) {
            return false;
        }
        for (int i = 0; i < own.length; i++) {
            if (!(own[i].startsWith("{") && own[i].endsWith("}") && !given[i].isEmpty()) && !own[i].equals(given[i])) {
                return false;
            }
        }
        return true;
    }
}
