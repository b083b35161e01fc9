package dev.caravan.pii;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IBANs, written together ({@code DE89370400440532013000}) or in groups separated by single
 * spaces ({@code DE89 3704 0044 0532 0130 00}): an upper-case country code with an IBAN, two check
 * digits, then exactly the country's length in letters and digits, followed by no further letter
 * or digit, with a valid ISO 7064 mod-97 checksum.
 */
final class IbanDetector extends PatternDetector {

    // Finds where an IBAN may start; end() reads the rest by the country's length, since a greedy
    // pattern would run on into the next word ("... 0130 00 is mine").
    private static final Pattern START = Pattern.compile(Boundary.notAfter("A-Za-z0-9") + "[A-Z]{2}\\d{2}(?= ?[A-Za-z0-9])");

    IbanDetector() {
        super(PiiKind.IBAN, START);
    }

    @Override
    int end(Matcher m, CharSequence text) {
        int expected = IbanCountries.length(m.group().substring(0, 2));
        if (expected == 0) {
            return -1;
        }
        StringBuilder iban = new StringBuilder(m.group());
        int i = m.end();
        while (iban.length() < expected && i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' && i + 1 < text.length() && isAlnum(text.charAt(i + 1)) && !isSpace(text, i - 1)) {
                i++;
                continue;
            }
            if (!isAlnum(c)) {
                return -1;
            }
            iban.append(c);
            i++;
        }
        boolean complete = iban.length() == expected && (i == text.length() || !isAlnum(text.charAt(i)));
        return complete && IbanCountries.checksumValid(iban.toString().toUpperCase(Locale.ROOT)) ? i : -1;
    }

    private static boolean isSpace(CharSequence text, int i) {
        return text.charAt(i) == ' ';
    }

    private static boolean isAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
