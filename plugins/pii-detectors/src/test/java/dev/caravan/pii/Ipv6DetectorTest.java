package dev.caravan.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv6DetectorTest {

    private final Detector detector = Detectors.of(PiiKind.IPV6);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "addr 2001:db8::1.                          | 2001:db8::1",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334    | 2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        "fe80::1ff:fe23:4567:890a                   | fe80::1ff:fe23:4567:890a",
        "mapped ::ffff:192.0.2.128                  | ::ffff:192.0.2.128",
        "[2001:db8::8a2e:370:7334]:443              | 2001:db8::8a2e:370:7334",
    })
    void should_find_the_address_when_text_contains_an_ipv6(String text, String expected) {
        assertEquals(List.of(expected), Found.in(detector, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "at 12:30:45", "mac 00:1A:2B:3C:4D:5E", "loopback ::1", "Bad::Add", "std::vector",
        "a:b:c", "2001:db8:::1", "1:2:3:4:5:6:7:8:9", "2001:db8::1::2", "12345::1",
        "123e4567-e89b-12d3-a456-426614174000"
    })
    void should_find_nothing_when_text_has_no_ipv6(String text) {
        assertEquals(List.of(), Found.in(detector, text));
    }
}
