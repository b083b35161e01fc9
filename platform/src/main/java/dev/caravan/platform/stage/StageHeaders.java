package dev.caravan.platform.stage;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which response headers a custom stage may add: an HTTP token as name, a value without control
 * characters, and none of the headers the gateway owns (its {@code x-caravan-*}, the rate-limit
 * headers, {@code retry-after}) or that frame the response (a stage must not be able to break it).
 */
final class StageHeaders {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0a-\\x1f\\x7f]");
    private static final List<String> RESERVED = List.of("content-length", "content-type", "content-encoding", "transfer-encoding",
            "connection", "keep-alive", "te", "trailer", "upgrade", "retry-after", "set-cookie", "host", "date", "server");
    static final int MAX_VALUE = 4096;

    private StageHeaders() {}

    /** @throws StageFailure naming the first header the stage may not add */
    static void check(Map<String, String> headers) {
        headers.forEach((name, value) -> {
            String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
            if (!TOKEN.matcher(lower).matches()) {
                throw refused("a response header name must be an HTTP token, got '" + name + "'");
            }
            if (RESERVED.contains(lower) || lower.startsWith("x-caravan-") || lower.startsWith("x-ratelimit-")) {
                throw refused("response header '" + lower + "' belongs to the gateway");
            }
            if (value == null || value.length() > MAX_VALUE || CONTROL.matcher(value).find()) {
                throw refused("response header '" + lower + "' needs a value of at most " + MAX_VALUE
                        + " characters without control characters");
            }
        });
    }

    private static StageFailure refused(String message) {
        return new StageFailure(StageFailure.Kind.ERROR, message);
    }
}
