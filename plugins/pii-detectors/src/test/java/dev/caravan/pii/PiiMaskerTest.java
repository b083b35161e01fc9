package dev.caravan.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PiiMaskerTest {

    private final PiiMasker masker = new PiiMasker(PiiScanner.all());

    @Test
    void should_replace_each_finding_with_its_placeholder_when_text_has_pii() {
        PiiMasker.Masked masked = masker.mask("Mail jane@example.com or bob@example.org, card 4111 1111 1111 1111.");

        assertEquals("Mail [EMAIL] or [EMAIL], card [CREDIT_CARD].", masked.text());
        assertEquals(Map.of("email", 2, "credit_card", 1), masked.counts());
        assertEquals(3, masked.total());
    }

    @Test
    void should_use_the_same_placeholder_whatever_the_value_when_masking() {
        // Two cards of different networks and lengths mask to the same text: nothing of the value survives.
        assertEquals(masker.mask("pay 378282246310005 now").text(), masker.mask("pay 4111111111111111 now").text());
    }

    @Test
    void should_return_the_text_unchanged_when_nothing_is_found() {
        String text = "Order 12345 shipped on 2024-01-15, version 1.2.3.";

        PiiMasker.Masked masked = masker.mask(text);

        assertSame(text, masked.text());
        assertEquals(Map.of(), masked.counts());
    }

    @Test
    void should_keep_json_escapes_intact_when_masking_json_text() {
        PiiMasker.Masked masked = masker.mask("{\"content\":\"line\\nuser@example.com\\t415-555-0132\"}");

        assertEquals("{\"content\":\"line\\n[EMAIL]\\t[PHONE]\"}", masked.text());
    }
}
