package dev.caravan.pii;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IPv4 addresses in dotted-decimal form, each octet 0–255 without leading zeros. Not reported:
 * longer dotted chains ({@code 1.2.3.4.5}), values glued to letters ({@code v1.2.3.4}), and four-part
 * numbers right after the word {@code version}, {@code release} or {@code build}.
 */
final class Ipv4Detector extends PatternDetector {

    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern PATTERN = Pattern.compile(
            Boundary.notAfter("\\w.") + "(?:" + OCTET + "\\.){3}" + OCTET + "(?![\\w]|\\.\\d)");
    private static final Pattern VERSION_WORD = Pattern.compile("\\b(?:version|release|build|ver\\.?)\\s*:?\\s*$");

    Ipv4Detector() {
        super(PiiKind.IPV4, PATTERN);
    }

    @Override
    int end(Matcher m, CharSequence text) {
        String before = text.subSequence(Math.max(0, m.start() - 16), m.start()).toString().toLowerCase(Locale.ROOT);
        return VERSION_WORD.matcher(before).find() ? -1 : m.end();
    }
}
