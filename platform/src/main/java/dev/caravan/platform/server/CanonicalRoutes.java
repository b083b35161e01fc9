package dev.caravan.platform.server;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The paths the routes listen on, matched exactly as written: letter case counts, and a path with a
 * trailing slash, an empty or dot segment, a backslash or a percent-encoded unreserved character or
 * slash ({@code /%61dmin}) is no route's path. Camel's own matching ignores letter case and trailing
 * slashes, so a proxy rule on {@code /admin} could be passed by {@code /ADMIN/v1/receipts}; requests
 * reach Camel only once they match a route here. A route path may hold {@code {name}} segments
 * (any one non-empty segment) and a prefix route also takes the paths below it.
 */
final class CanonicalRoutes {

    /** What a request's path and method find. */
    enum Verdict { ROUTED, NOT_FOUND, METHOD_NOT_ALLOWED }

    /** @param below a route path written with a trailing slash ({@code /v1/responses/}) takes only the paths below it */
    private record Route(Object owner, String[] segments, boolean prefix, boolean below, String methods) {}

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    void add(Object owner, String path, boolean prefix, String methodRestrict) {
        if (path != null && path.startsWith("/")) {
            boolean below = prefix && path.length() > 1 && path.endsWith("/");
            String own = below ? path.substring(0, path.length() - 1) : path;
            routes.add(new Route(owner, segments(own), prefix, below,
                    methodRestrict == null ? null : methodRestrict.toUpperCase(Locale.ROOT)));
        }
    }

    void remove(Object owner) {
        routes.removeIf(route -> route.owner() == owner);
    }

    Verdict verdict(String path, String method) {
        if (!canonical(path)) {
            return Verdict.NOT_FOUND;
        }
        String[] request = segments(path);
        boolean pathFound = false;
        for (Route route : routes) {
            if (matches(route, request)) {
                pathFound = true;
                if (allows(route, method)) {
                    return Verdict.ROUTED;
                }
            }
        }
        return pathFound ? Verdict.METHOD_NOT_ALLOWED : Verdict.NOT_FOUND;
    }

    /** The methods the routes of {@code path} accept, for the {@code Allow} header of a 405. */
    String allowed(String path) {
        String[] request = segments(path);
        Set<String> methods = new TreeSet<>();
        for (Route route : routes) {
            if (matches(route, request)) {
                if (route.methods() == null) {
                    return "GET, HEAD, POST, PUT, PATCH, DELETE";
                }
                for (String m : route.methods().split(",")) {
                    methods.add(m.trim());
                }
            }
        }
        return String.join(", ", methods);
    }

    private static boolean allows(Route route, String method) {
        if (route.methods() == null) {
            return true;
        }
        for (String m : route.methods().split(",")) {
            if (m.trim().equals(method)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Route route, String[] request) {
        String[] own = route.segments();
        if (request.length < own.length || (request.length > own.length && !route.prefix())
                || (route.below() && request.length == own.length)) {
            return false;
        }
        for (int i = 0; i < own.length; i++) {
            boolean template = own[i].startsWith("{") && own[i].endsWith("}");
            if (!template && !own[i].equals(request[i])) {
                return false;
            }
        }
        return true;
    }

    static boolean canonical(String path) {
        if (path.isEmpty() || path.charAt(0) != '/' || path.indexOf('\\') >= 0 || path.contains("//")) {
            return false;
        }
        if (path.length() > 1 && path.endsWith("/")) {
            return false;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return !encodesUnreservedOrSlash(path);
    }

    private static boolean encodesUnreservedOrSlash(String path) {
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (i + 2 >= path.length()) {
                return true; // a truncated escape
            }
            int value;
            try {
                value = Integer.parseInt(path.substring(i + 1, i + 3), 16);
            } catch (NumberFormatException e) {
                return true;
            }
            char c = (char) value;
            if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    private static String[] segments(String path) {
        return path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
    }
}
