package dev.caravan.pii;

/** The Luhn (mod 10) check digit algorithm of ISO/IEC 7812, used by payment card numbers. */
final class Luhn {

    private Luhn() {}

    /** Whether {@code digits} (ASCII digits only) ends in a correct Luhn check digit. */
    static boolean valid(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return !digits.isEmpty() && sum % 10 == 0;
    }
}
