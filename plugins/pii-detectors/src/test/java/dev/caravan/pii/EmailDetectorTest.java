package dev.caravan.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailDetectorTest {

    private final Detector detector = Detectors.of(PiiKind.EMAIL);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "write to jane.doe@example.com today       | jane.doe@example.com",
        "a+tag@sub.example.co.uk                   | a+tag@sub.example.co.uk",
        "<bob_smith@mail-server.org>               | bob_smith@mail-server.org",
        "Contact: X.Y-Z%1@EXAMPLE.IO.              | X.Y-Z%1@EXAMPLE.IO",
        "json line\\nuser@example.com              | user@example.com",
    })
    void should_find_the_address_when_text_contains_an_email(String text, String expected) {
        assertEquals(List.of(expected), Found.in(detector, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "name@localhost", "follow @handle on social", "foo@bar", "user@example.c", "price: 3@4.5",
        "git@ 1.2.3", "a@b..com", "user@-example.com", "<img src=\"icon@2x.png\">", "logo@1.5x.webp",
        "npm i lodash@4.17.21"
    })
    void should_find_nothing_when_text_has_no_email(String text) {
        assertEquals(List.of(), Found.in(detector, text));
    }
}
