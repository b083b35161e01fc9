package dev.caravan.platform.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretScrubberTest {

    private final SecretScrubber scrubber = new SecretScrubber(List.of("sk-provider-0123456789", "short"));

    @Test
    void should_mask_every_occurrence_when_a_configured_secret_appears() {
        SecretScrubber.Scrubbed s = scrubber.scrub("a sk-provider-0123456789 b sk-provider-0123456789", List.of());
        assertEquals("a [REDACTED:secret] b [REDACTED:secret]", s.text());
        assertEquals(2, s.count());
    }

    @Test
    void should_mask_the_presented_credential_when_the_body_repeats_it() {
        SecretScrubber.Scrubbed s = scrubber.scrub("my key is sk-caller-key-0001", List.of("sk-caller-key-0001"));
        assertEquals("my key is [REDACTED:secret]", s.text());
    }

    @Test
    void should_leave_short_values_alone_when_they_would_mask_ordinary_words() {
        assertEquals("a short text", scrubber.scrub("a short text", List.of()).text());
    }

    @Test
    void should_mask_the_longer_secret_whole_when_one_contains_another() {
        SecretScrubber nested = new SecretScrubber(List.of("abcdefgh", "abcdefgh-ijkl"));
        assertEquals("[REDACTED:secret]", nested.scrub("abcdefgh-ijkl", List.of()).text());
    }
}
