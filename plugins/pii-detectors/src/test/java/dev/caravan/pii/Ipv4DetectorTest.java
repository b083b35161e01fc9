package dev.caravan.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4DetectorTest {

    private final Detector detector = Detectors.of(PiiKind.IPV4);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "server 10.0.0.1 is down   | 10.0.0.1",
        "192.168.1.254             | 192.168.1.254",
        "dns 8.8.8.8.              | 8.8.8.8",
        "255.255.255.255           | 255.255.255.255",
        "(172.16.0.5)              | 172.16.0.5",
        "host=10.1.2.3:8080        | 10.1.2.3",
    })
    void should_find_the_address_when_text_contains_an_ipv4(String text, String expected) {
        assertEquals(List.of(expected), Found.in(detector, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1.2.3", "version 1.2.3.4", "Version: 10.0.0.1", "v1.2.3.4", "256.1.1.1", "1.2.3.4.5",
        "01.02.03.04", "pi 3.14", "10.0.0", "2024.01.15"
    })
    void should_find_nothing_when_text_has_no_ipv4(String text) {
        assertEquals(List.of(), Found.in(detector, text));
    }
}
