package dev.caravan.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UsSsnDetectorTest {

    private final Detector detector = Detectors.of(PiiKind.US_SSN);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SSN 536-22-8142.      | 536-22-8142",
        "536 22 8142           | 536 22 8142",
        "json\\n772-10-0001    | 772-10-0001",
    })
    void should_find_the_number_when_text_contains_an_ssn(String text, String expected) {
        assertEquals(List.of(expected), Found.in(detector, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "000-12-3456", "666-12-3456", "912-34-5678", "123-00-4567", "123-45-0000", // never issued
        "2024-01-15", "123-45-67890", "536-22 8142", "415-555-0132", "536228142", "1.536-22-8142"
    })
    void should_find_nothing_when_text_has_no_ssn(String text) {
        assertEquals(List.of(), Found.in(detector, text));
    }
}
