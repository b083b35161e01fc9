package dev.caravan.pii;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * US Social Security numbers written {@code AAA-GG-SSSS} (or with single spaces), following the
 * SSA's rules for numbers that can be issued: area not {@code 000}, {@code 666} or {@code 9xx},
 * group not {@code 00}, serial not {@code 0000}. Nine bare digits are not reported (too many
 * other numbers have nine digits).
 */
final class UsSsnDetector extends PatternDetector {

    private static final Pattern PATTERN = Pattern.compile(
            Boundary.notAfter("\\w.-") + "(\\d{3})([- ])(\\d{2})\\2(\\d{4})(?![\\w]|[.-]\\d)");

    UsSsnDetector() {
        super(PiiKind.US_SSN, PATTERN);
    }

    @Override
    int end(Matcher m, CharSequence text) {
        int area = Integer.parseInt(m.group(1));
        boolean issuable = area != 0 && area != 666 && area < 900
                && !m.group(3).equals("00") && !m.group(4).equals("0000");
        return issuable ? m.end() : -1;
    }
}
