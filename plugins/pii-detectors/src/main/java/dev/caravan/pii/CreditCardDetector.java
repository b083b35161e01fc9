package dev.caravan.pii;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment card numbers: 13 to 19 digits, written together or in groups separated by single spaces
 * or dashes (one kind of separator per number), that pass the Luhn check and start with the
 * prefix of a card network with a matching length ({@link CardNetworks}). The network check
 * matters: one random digit string in ten passes Luhn, so Luhn alone would flag order numbers.
 */
final class CreditCardDetector extends PatternDetector {

    private static final Pattern PATTERN = Pattern.compile(
            Boundary.notAfter("\\w.,-") + "\\d(?:[ -]?\\d){12,18}(?![\\w]|[.,-]\\d)");

    CreditCardDetector() {
        super(PiiKind.CREDIT_CARD, PATTERN);
    }

    @Override
    int end(Matcher m, CharSequence text) {
        String candidate = m.group();
        if (candidate.indexOf(' ') >= 0 && candidate.indexOf('-') >= 0) {
            return -1;
        }
        // The pattern is greedy: "4111 1111 1111 1111 12/29" reads on into the date. Try the whole
        // candidate, then each shorter one that ends where a group ends.
        char separator = candidate.indexOf(' ') >= 0 ? ' ' : '-';
        for (int length = candidate.length(); length > 0; length = candidate.lastIndexOf(separator, length - 1)) {
            String digits = digitsOf(candidate.substring(0, length));
            if (digits.length() >= 13 && Luhn.valid(digits) && CardNetworks.issued(digits)) {
                return m.start() + length;
            }
        }
        return -1;
    }
}
