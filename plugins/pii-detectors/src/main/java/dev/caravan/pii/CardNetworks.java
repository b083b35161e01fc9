package dev.caravan.pii;

import java.util.List;

/**
 * Issuer identification number ranges and lengths of the major card networks (Visa, Mastercard,
 * American Express, Discover, Diners Club, JCB, UnionPay, Maestro). A number outside every range
 * is not reported as a card.
 */
final class CardNetworks {

    /** Numbers whose first {@code digits} digits lie in [low, high] and whose length is in [minLength, maxLength]. */
    private record Range(int digits, int low, int high, int minLength, int maxLength) {

        boolean matches(String number) {
            if (number.length() < minLength || number.length() > maxLength || number.length() < digits) {
                return false;
            }
            int prefix = Integer.parseInt(number.substring(0, digits));
            return prefix >= low && prefix <= high;
        }
    }

    private static final List<Range> RANGES = List.of(
            new Range(1, 4, 4, 13, 19),             // Visa
            new Range(2, 51, 55, 16, 16),           // Mastercard
            new Range(4, 2221, 2720, 16, 16),       // Mastercard 2-series
            new Range(2, 34, 34, 15, 15),           // American Express
            new Range(2, 37, 37, 15, 15),
            new Range(4, 6011, 6011, 16, 19),       // Discover
            new Range(3, 644, 649, 16, 19),
            new Range(2, 65, 65, 16, 19),
            new Range(3, 300, 305, 14, 19),         // Diners Club
            new Range(2, 36, 36, 14, 19),
            new Range(2, 38, 39, 16, 19),
            new Range(4, 3528, 3589, 16, 19),       // JCB
            new Range(2, 62, 62, 16, 19),           // UnionPay
            new Range(2, 50, 50, 13, 19),           // Maestro
            new Range(2, 56, 58, 13, 19),
            new Range(2, 63, 63, 13, 19),
            new Range(2, 67, 67, 13, 19));

    private CardNetworks() {}

    static boolean issued(String digits) {
        return RANGES.stream().anyMatch(r -> r.matches(digits));
    }
}
