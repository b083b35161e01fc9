package dev.caravan.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IbanDetectorTest {

    private final Detector detector = Detectors.of(PiiKind.IBAN);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "IBAN DE89 3704 0044 0532 0130 00 is mine   | DE89 3704 0044 0532 0130 00",
        "DE89370400440532013000                     | DE89370400440532013000",
        "GB29 NWBK 6016 1331 9268 19                | GB29 NWBK 6016 1331 9268 19",
        "FR14 2004 1010 0505 0001 3M02 606          | FR14 2004 1010 0505 0001 3M02 606",
        "NO9386011117947                            | NO9386011117947",
        "pay to NL91ABNA0417164300.                 | NL91ABNA0417164300",
        "json\\nBE68539007547034                    | BE68539007547034",
    })
    void should_find_the_iban_when_text_contains_one(String text, String expected) {
        assertEquals(List.of(expected), Found.in(detector, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "DE89 3704 0044 0532 0130 01",          // checksum fails
        "DE89370400440532013000123",            // longer than Germany's 22
        "GB29 NWBK 6016 1331 9268",             // shorter than the UK's 22
        "XX89370400440532013000",               // no such country
        "US64SVBKUS6S3300958879",               // the US has no IBAN
        "order AB12 3456",
        "ref DE89  3704 0044 0532 0130 00",     // two spaces
    })
    void should_find_nothing_when_text_has_no_valid_iban(String text) {
        assertEquals(List.of(), Found.in(detector, text));
    }
}
