package dev.caravan.pii;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Telephone numbers in two unambiguous shapes: international ({@code +} country code, then groups
 * of digits separated by spaces, dots, dashes or parentheses, 8 to 15 digits in all, per E.164),
 * and North American ({@code (415) 555-0132}, {@code 415-555-0132}, {@code 415.555.0132},
 * {@code 1-800-555-0199}, area
 * code and exchange starting 2–9). Bare digit runs are not reported: without a {@code +} or the
 * North American grouping they are as likely order numbers, dates or amounts.
 */
final class PhoneDetector extends PatternDetector {

    // Groups need a separator (or parentheses), so a digit run is split in one way only: no
    // backtracking over the ways to cut it.
    private static final String INTERNATIONAL =
            "\\+[1-9]\\d{0,3}(?:\\d{4,11}|(?:[ .-]?\\(\\d{1,4}\\)\\d{0,8}|[ .-]\\d{1,8}){1,6})";
    private static final String NORTH_AMERICAN = "(?:1[-. ])?(?:\\([2-9]\\d{2}\\) ?|[2-9]\\d{2}[-. ])[2-9]\\d{2}[-. ]\\d{4}";
    private static final Pattern PATTERN = Pattern.compile(
            Boundary.notAfter("\\w.+-") + "(?:" + INTERNATIONAL + "|" + NORTH_AMERICAN + ")(?![\\w]|[.-]\\d)");

    PhoneDetector() {
        super(PiiKind.PHONE, PATTERN);
    }

    @Override
    int end(Matcher m, CharSequence text) {
        String digits = digitsOf(m.group());
        if (m.group().startsWith("+") && (digits.length() < 8 || digits.length() > 15)) {
            return -1;
        }
        return m.end();
    }
}
