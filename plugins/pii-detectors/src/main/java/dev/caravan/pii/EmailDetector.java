package dev.caravan.pii;

import java.util.regex.Pattern;

/**
 * E-mail addresses: a local part of up to 64 characters, {@code @}, one to eight dot-separated DNS
 * labels and an alphabetic top-level domain ({@code name@localhost} is not reported).
 */
final class EmailDetector extends PatternDetector {

    private static final Pattern PATTERN = Pattern.compile(
            Boundary.notAfter("A-Za-z0-9._%+-")
                    + "[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}"
                    + "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.){1,8}"
                    + "[A-Za-z]{2,24}(?![A-Za-z0-9-])");

    EmailDetector() {
        super(PiiKind.EMAIL, PATTERN);
    }
}
