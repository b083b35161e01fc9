package dev.caravan.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneDetectorTest {

    private final Detector detector = Detectors.of(PiiKind.PHONE);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "call +1 415 555 0132 now        | +1 415 555 0132",
        "+44 20 7946 0958                | +44 20 7946 0958",
        "+14155550132                    | +14155550132",
        "Berlin: +49 (0)30 1234567.      | +49 (0)30 1234567",
        "(415) 555-0132                  | (415) 555-0132",
        "office 415-555-0132, ext 3      | 415-555-0132",
        "415.555.0132                    | 415.555.0132",
        "toll-free 1-800-555-0199        | 1-800-555-0199",
        "line\\n+33 6 12 34 56 78        | +33 6 12 34 56 78",
    })
    void should_find_the_number_when_text_contains_a_phone_number(String text, String expected) {
        assertEquals(List.of(expected), Found.in(detector, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-01-15", "order 123456789", "order #4155550132", "version 1.2.3", "at 12:30:45",
        "555-0132", "123-456-7890", "+1 2", "ISBN 978-3-16-148410-0", "total +12.50 EUR",
        "4111 1111 1111 1111", "536-22-8142", "10.0.0.1", "+1234567890123456789"
    })
    void should_find_nothing_when_text_has_no_phone_number(String text) {
        assertEquals(List.of(), Found.in(detector, text));
    }
}
