package dev.caravan.platform.config;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Binds {@code cors:}; every origin must be an exact {@code scheme://host[:port]} or {@code *}. */
final class CorsBinder {

    private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'+.^_`|~-]+\\*?|\\*");
    private static final Pattern METHOD = Pattern.compile("[A-Z]+");

    private CorsBinder() {}

    static CorsConfig bind(ConfigNode root) {
        ConfigNode s = root.section("cors");
        s.allowOnly("enabled", "allowed_origins", "allowed_methods", "allowed_headers", "expose_headers", "allow_credentials",
                "max_age_seconds");
        CorsConfig d = CorsConfig.DISABLED;
        boolean enabled = ConfigValues.bool(s, "enabled", false);
        List<String> origins = s.texts("allowed_origins", CorsBinder::originProblem).stream()
                .map(o -> o.toLowerCase(Locale.ROOT)).toList();
        List<String> methods = s.has("allowed_methods")
                ? s.texts("allowed_methods", m -> METHOD.matcher(m).matches() ? null : "must be an HTTP method in upper case, got '" + m + "'")
                : d.allowedMethods();
        List<String> headers = s.has("allowed_headers") ? s.texts("allowed_headers", CorsBinder::headerProblem) : d.allowedHeaders();
        List<String> expose = s.has("expose_headers") ? s.texts("expose_headers", CorsBinder::headerProblem) : d.exposeHeaders();
        boolean credentials = ConfigValues.bool(s, "allow_credentials", false);
        int maxAge = ConfigValues.integer(s, "max_age_seconds", d.maxAgeSeconds(), 0, 86_400);
        if (enabled && origins.isEmpty()) {
            s.report("allowed_origins", "must list at least one origin when cors.enabled is true");
        }
        if (credentials && origins.contains("*")) {
            // Browsers refuse a credentialed answer with Access-Control-Allow-Origin: *; reflecting every
            // origin instead would hand every web site the user's cookies.
            s.report("allowed_origins", "'*' cannot be combined with cors.allow_credentials: true; list the exact origins");
        }
        return new CorsConfig(enabled, origins, methods, headers, expose, credentials, maxAge);
    }

    private static String originProblem(String origin) {
        if (origin.equals("*")) {
            return null;
        }
        String expected = "must be an origin 'scheme://host[:port]' (no path, no trailing slash) or '*', got '" + origin + "'";
        try {
            URI uri = new URI(origin);
            boolean plain = uri.getScheme() != null && (uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                    && uri.getHost() != null && uri.getRawUserInfo() == null && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && uri.getRawQuery() == null && uri.getRawFragment() == null;
            return plain ? null : expected;
        } catch (java.net.URISyntaxException e) {
            return expected;
        }
    }

    private static String headerProblem(String header) {
        return HEADER_NAME.matcher(header.toLowerCase(Locale.ROOT)).matches() ? null
                : "must be a header name (optionally ending in '*'), got '" + header + "'";
    }
}
