package dev.caravan.pii;

import java.util.List;

/** What a detector found in a text, as the matched substrings (for readable assertions). */
final class Found {

    private Found() {}

    static List<String> in(Detector detector, String text) {
        return detector.find(text).stream().map(s -> text.substring(s.start(), s.end())).toList();
    }
}
