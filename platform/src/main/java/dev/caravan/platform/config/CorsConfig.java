package dev.caravan.platform.config;

import java.util.List;
import java.util.Locale;

/**
 * {@code cors:} — cross-origin access for browser clients (off by default).
 *
 * @param enabled          false installs no CORS handling at all: no preflight answers, no
 *                         {@code Access-Control-*} headers (the default)
 * @param allowedOrigins   exact origins ({@code scheme://host[:port]}, lower case) or {@code *} for any
 * @param allowedMethods   methods a preflight may ask for
 * @param allowedHeaders   request headers a preflight may ask for, lower case; an entry ending in
 *                         {@code *} ({@code x-stainless-*}) allows every header with that prefix
 * @param exposeHeaders    response headers a browser script may read
 * @param allowCredentials answers {@code Access-Control-Allow-Credentials: true} (cookies, client certificates)
 * @param maxAgeSeconds    how long a browser may cache a preflight answer
 */
public record CorsConfig(boolean enabled, List<String> allowedOrigins, List<String> allowedMethods, List<String> allowedHeaders,
        List<String> exposeHeaders, boolean allowCredentials, int maxAgeSeconds) {

    /** What the OpenAI and Anthropic JavaScript SDKs send from a browser, beyond the CORS-safelisted headers. */
    public static final List<String> SDK_HEADERS = List.of("authorization", "content-type", "x-api-key", "anthropic-version",
            "anthropic-beta", "anthropic-dangerous-direct-browser-access", "openai-organization", "openai-project", "openai-beta",
            "x-stainless-*");

    public static final List<String> DEFAULT_METHODS = List.of("GET", "POST", "DELETE");

    public static final List<String> DEFAULT_EXPOSE = List.of("x-caravan-trace-id", "x-caravan-served-by", "x-caravan-attempts",
            "retry-after", "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests",
            "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens", "retry-after-ms", "x-request-id");

    public static final CorsConfig DISABLED = new CorsConfig(false, List.of(), DEFAULT_METHODS, SDK_HEADERS, DEFAULT_EXPOSE, false, 600);

    public CorsConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedMethods = List.copyOf(allowedMethods);
        allowedHeaders = allowedHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        exposeHeaders = List.copyOf(exposeHeaders);
    }

    public boolean anyOrigin() {
        return allowedOrigins.contains("*");
    }

    /** Whether {@code origin} (as the browser sent it) may read the gateway's answers. */
    public boolean allowsOrigin(String origin) {
        return anyOrigin() || allowedOrigins.contains(origin.toLowerCase(Locale.ROOT));
    }

    /** Whether a preflight may ask for request header {@code name}. */
    public boolean allowsHeader(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String allowed : allowedHeaders) {
            if (allowed.equals("*") || allowed.equals(lower)
                    || (allowed.endsWith("*") && lower.startsWith(allowed.substring(0, allowed.length() - 1)))) {
                return true;
            }
        }
        return false;
    }
}
