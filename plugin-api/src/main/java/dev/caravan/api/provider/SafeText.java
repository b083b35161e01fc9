package dev.caravan.api.provider;

import dev.caravan.api.Secret;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Makes upstream text safe to show a client or store in a receipt: credentials masked (the
 * provider's key; key-shaped strings: {@code sk-...} keys even when the upstream already masked
 * part of them, Google {@code AIza...} keys, {@code key=} query parameters, bearer tokens), markup
 * and control characters removed, length capped.
 *
 * <p>The platform applies {@link #mask} to every error an adapter returns, so an adapter that
 * forgets cannot leak the key; adapters use it too, to decide whether an upstream error body can be
 * passed through as is ({@link #hasCredential}).
 */
public final class SafeText {

    /** The longest {@link #snippet} / {@link #excerpt}. */
    public static final int MAX_SNIPPET = 200;
    /** The longest {@link #message}. */
    public static final int MAX_MESSAGE = 2000;

    private static final Pattern KEY_LIKE = Pattern.compile("\\bsk-[A-Za-z0-9_*\\-]{3,}");
    /** Google API keys: "AIza" and 35 more characters. */
    private static final Pattern GOOGLE_KEY = Pattern.compile("AIza[0-9A-Za-z_\\-]{35}");
    private static final Pattern KEY_PARAMETER = Pattern.compile("(?i)([?&]key=)[^&\\s\"']+");
    private static final Pattern BEARER = Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/=\\-]{12,}");
    private static final Pattern TAG = Pattern.compile("<[^>]{0,500}>");
    private static final Pattern CONTROL_OR_SPACE = Pattern.compile("[\\p{Cntrl}\\s]+");

    private SafeText() {}

    /** Whether {@code text} contains the key or something that looks like a key. */
    public static boolean hasCredential(String text, Secret key) {
        return text != null && (containsKey(text, key) || KEY_LIKE.matcher(text).find() || GOOGLE_KEY.matcher(text).find()
                || KEY_PARAMETER.matcher(text).find() || BEARER.matcher(text).find());
    }

    /** {@code text} with the key and key-shaped strings masked; null stays null. */
    public static String mask(String text, Secret key) {
        if (text == null) {
            return null;
        }
        String masked = containsKey(text, key) ? text.replace(key.reveal(), "***") : text;
        masked = KEY_LIKE.matcher(masked).replaceAll("sk-***");
        masked = GOOGLE_KEY.matcher(masked).replaceAll("AIza***");
        masked = KEY_PARAMETER.matcher(masked).replaceAll("$1***");
        return BEARER.matcher(masked).replaceAll("Bearer ***");
    }

    /** An upstream error message: credentials masked, capped at {@link #MAX_MESSAGE} characters. */
    public static String message(String text, Secret key) {
        String masked = mask(text, key);
        return masked.length() <= MAX_MESSAGE ? masked : masked.substring(0, MAX_MESSAGE) + "...";
    }

    /** A short single-line excerpt of an upstream body, credentials masked; empty for an empty body. */
    public static String snippet(byte[] body, Secret key) {
        if (body == null) {
            return "";
        }
        // decode at most a few KiB: the snippet is short, the body may be a large error page
        return excerpt(new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8), key);
    }

    /** A single line of at most {@link #MAX_SNIPPET} characters, markup removed, credentials masked. */
    public static String excerpt(String text, Secret key) {
        String plain = TAG.matcher(mask(text, key)).replaceAll(" ");
        plain = CONTROL_OR_SPACE.matcher(plain).replaceAll(" ").strip();
        return plain.length() <= MAX_SNIPPET ? plain : plain.substring(0, MAX_SNIPPET) + "...";
    }

    private static boolean containsKey(String text, Secret key) {
        return key != null && !key.isEmpty() && text.contains(key.reveal());
    }
}
