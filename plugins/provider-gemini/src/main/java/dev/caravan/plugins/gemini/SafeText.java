package dev.caravan.plugins.gemini;

import dev.caravan.api.Secret;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Makes upstream text safe to show a client or store in a receipt: credentials masked (the
 * provider's key, anything shaped like a Google API key, {@code key=} query parameters, bearer
 * tokens), markup and control characters removed, length capped.
 */
final class SafeText {

    static final int MAX_SNIPPET = 200;
    static final int MAX_MESSAGE = 2000;

    /** Google API keys: "AIza" and 35 more characters. */
    private static final Pattern GOOGLE_KEY = Pattern.compile("AIza[0-9A-Za-z_\\-]{35}");
    private static final Pattern KEY_PARAMETER = Pattern.compile("(?i)([?&]key=)[^&\\s\"']+");
    private static final Pattern BEARER = Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/=\\-]{12,}");
    private static final Pattern TAG = Pattern.compile("<[^>]{0,500}>");
    private static final Pattern CONTROL_OR_SPACE = Pattern.compile("[\\p{Cntrl}\\s]+");

    private SafeText() {}

    /** {@code text} with credentials masked. */
    static String mask(String text, Secret key) {
        String masked = key != null && !key.isEmpty() ? text.replace(key.reveal(), "***") : text;
        masked = GOOGLE_KEY.matcher(masked).replaceAll("AIza***");
        masked = KEY_PARAMETER.matcher(masked).replaceAll("$1***");
        return BEARER.matcher(masked).replaceAll("Bearer ***");
    }

    /** An upstream error message: credentials masked, capped at {@link #MAX_MESSAGE} characters. */
    static String message(String text, Secret key) {
        String masked = mask(text, key);
        return masked.length() <= MAX_MESSAGE ? masked : masked.substring(0, MAX_MESSAGE) + "...";
    }

    /** A short single-line excerpt of an upstream body, credentials masked; empty for an empty body. */
    static String snippet(byte[] body, Secret key) {
        // decode at most a few KiB: the snippet is short, the body may be a large error page
        String text = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8);
        String plain = TAG.matcher(mask(text, key)).replaceAll(" ");
        plain = CONTROL_OR_SPACE.matcher(plain).replaceAll(" ").strip();
        return plain.length() <= MAX_SNIPPET ? plain : plain.substring(0, MAX_SNIPPET) + "...";
    }
}
