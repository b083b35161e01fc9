package dev.caravan.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CreditCardDetectorTest {

    private final Detector detector = Detectors.of(PiiKind.CREDIT_CARD);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "card 4111 1111 1111 1111 exp 12/29 | 4111 1111 1111 1111",
        "4111-1111-1111-1111                | 4111-1111-1111-1111",
        "4111111111111111                   | 4111111111111111",
        "mc 5555555555554444.               | 5555555555554444",
        "amex 3782 822463 10005             | 3782 822463 10005",
        "6011111111111117                   | 6011111111111117",
        "2223003122003222                   | 2223003122003222",
        "jcb 3530111333300000               | 3530111333300000",
        "json\\n4012888888881881            | 4012888888881881",
        "card 4111 1111 1111 1111 12/29     | 4111 1111 1111 1111",
        "qty 2 4111 1111 1111 1111          | 4111 1111 1111 1111",
        "order 12 5555555555554444          | 5555555555554444",
    })
    void should_find_the_number_when_text_contains_a_card(String text, String expected) {
        assertEquals(List.of(expected), Found.in(detector, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "4111 1111 1111 1112",                       // Luhn fails
        "1234567890123452",                          // Luhn passes, no card network starts with 1
        "4111 1111-1111 1111",                       // mixed separators
        "order 98765432109876543",
        "pi is 3.14159265358979323846",
        "4111111111111111111111",                    // 22 digits
        "123e4567-e89b-12d3-a456-426614174000",      // UUID
        "timestamp 1700000000000",
        "2024-01-15 10:00",
        "DE89 3704 0044 0532 0130 00",
    })
    void should_find_nothing_when_text_has_no_card(String text) {
        assertEquals(List.of(), Found.in(detector, text));
    }
}
