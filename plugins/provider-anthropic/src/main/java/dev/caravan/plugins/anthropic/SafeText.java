package dev.caravan.plugins.anthropic;

import dev.caravan.api.Secret;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Makes upstream text safe to show a client or store in a receipt: credentials masked (the
 * provider's key, {@code sk-...} keys such as Anthropic's {@code sk-ant-...}, bearer tokens), markup
 * and control characters removed, length capped.
 */
final class SafeText {

    static final int MAX_SNIPPET = 200;

    private static final Pattern KEY_LIKE = Pattern.compile("\\bsk-[A-Za-z0-9_*\\-]{3,}");
    private static final Pattern BEARER = Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/=\\-]{12,}");
    private static final Pattern TAG = Pattern.compile("<[^>]{0,500}>");
    private static final Pattern CONTROL_OR_SPACE = Pattern.compile("[\\p{Cntrl}\\s]+");

    private SafeText() {}

    /** Whether {@code text} contains the key or something that looks like a key. */
    static boolean hasCredential(String text, Secret key) {
        return containsKey(text, key) || KEY_LIKE.matcher(text).find() || BEARER.matcher(text).find();
    }

    /** {@code text} with credentials masked. */
    static String mask(String text, Secret key) {
        String masked = containsKey(text, key) ? text.replace(key.reveal(), "***") : text;
        masked = KEY_LIKE.matcher(masked).replaceAll("sk-***");
        return BEARER.matcher(masked).replaceAll("Bearer ***");
    }

    /** A short single-line excerpt of an upstream body, credentials masked; empty for an empty body. */
    static String snippet(byte[] body, Secret key) {
        // decode at most a few KiB: the snippet is short, the body may be a large error page
        String text = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8);
        String plain = TAG.matcher(mask(text, key)).replaceAll(" ");
        plain = CONTROL_OR_SPACE.matcher(plain).replaceAll(" ").strip();
        return plain.length() <= MAX_SNIPPET ? plain : plain.substring(0, MAX_SNIPPET) + "...";
    }

    private static boolean containsKey(String text, Secret key) {
        return key != null && !key.isEmpty() && text.contains(key.reveal());
    }
}
