package dev.caravan.platform.policy.script;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a provider script's {@code prepare} asks the platform to send: a path under the provider's
 * {@code base_url} (never another host), a method, headers, a JSON body and where the key goes.
 */
public final class ScriptUpstreamCall {

    private final String path;
    private final String method;
    private final Map<String, String> headers;
    private final Object body;
    private final String auth;

    private ScriptUpstreamCall(String path, String method, Map<String, String> headers, Object body, String auth) {
        this.path = path;
        this.method = method;
        this.headers = headers;
        this.body = body;
        this.auth = auth;
    }

    static ScriptUpstreamCall of(Map<String, ?> spec) {
        Object path = spec.get("path");
        if (!(path instanceof CharSequence) || !path.toString().startsWith("/") || path.toString().startsWith("//")
                || path.toString().contains("://")) {
            throw new IllegalArgumentException("request(path: ...) must be a path starting with '/' (it is appended to base_url), got " + path);
        }
        String method = spec.get("method") == null ? "POST" : spec.get("method").toString().toUpperCase(Locale.ROOT);
        if (!method.equals("POST") && !method.equals("GET") && !method.equals("PUT")) {
            throw new IllegalArgumentException("request(method: ...) must be POST, GET or PUT, got " + method);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Object given = spec.get("headers");
        if (given != null && !(given instanceof Map)) {
            throw new IllegalArgumentException("request(headers: ...) must be a map of name to value");
        }
        if (given != null) {
            ((Map<?, ?>) given).forEach((k, v) -> headers.put(String.valueOf(k).toLowerCase(Locale.ROOT), String.valueOf(v)));
        }
        Object body = spec.get("body");
        if (body != null && !(body instanceof Map) && !(body instanceof java.util.List) && !(body instanceof CharSequence)) {
            throw new IllegalArgumentException("request(body: ...) must be a map, a list or a string");
        }
        Object auth = spec.get("auth");
        return new ScriptUpstreamCall(path.toString(), method, headers, body instanceof CharSequence c ? c.toString() : body,
                auth == null ? null : auth.toString());
    }

    String path() {
        return path;
    }

    String method() {
        return method;
    }

    Map<String, String> headers() {
        return headers;
    }

    Object body() {
        return body;
    }

    /** null, {@code bearer}, or the name of the header that carries the key. */
    String auth() {
        return auth;
    }
}
