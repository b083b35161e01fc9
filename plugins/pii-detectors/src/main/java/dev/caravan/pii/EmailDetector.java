package dev.caravan.pii;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * E-mail addresses: a local part of up to 64 characters, {@code @}, one to eight dot-separated DNS
 * labels and an alphabetic top-level domain. Not reported: {@code name@localhost}, image names
 * such as {@code icon@2x.png}.
 */
final class EmailDetector extends PatternDetector {

    private static final Pattern PATTERN = Pattern.compile(
            Boundary.notAfter("A-Za-z0-9._%+-")
                    + "[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}"
                    + "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.){1,8}"
                    + "[A-Za-z]{2,24}(?![A-Za-z0-9-])");

    // Image names for high-density screens ("icon@2x.png") have the shape of an address.
    private static final Pattern RETINA_IMAGE = Pattern.compile("(?i)@\\d(?:\\.\\d)?x\\.(?:png|jpe?g|gif|svg|webp|avif)$");

    EmailDetector() {
        super(PiiKind.EMAIL, PATTERN);
    }

    @Override
    int end(Matcher m, CharSequence text) {
        return RETINA_IMAGE.matcher(m.group()).find() ? -1 : m.end();
    }
}
