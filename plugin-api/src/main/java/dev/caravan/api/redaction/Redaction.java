package dev.caravan.api.redaction;

import java.util.Map;

/**
 * Result of one redactor over one text.
 *
 * @param text    the text with every finding masked
 * @param counts  number of findings masked, per kind (e.g. {@code email -> 2}); for receipts
 */
public record Redaction(String text, Map<String, Integer> counts) {

    public Redaction {
        counts = Map.copyOf(counts);
    }

    public static Redaction unchanged(String text) {
        return new Redaction(text, Map.of());
    }
}
