package dev.caravan.plugins.guardrails;

import java.util.Comparator;
import java.util.List;

/** Replaces possibly overlapping ranges of a text with one placeholder each (overlapping ranges merge). */
final class Spans {

    private Spans() {}

    static String replace(String text, List<int[]> ranges, String placeholder) {
        if (ranges.isEmpty()) {
            return text;
        }
        ranges.sort(Comparator.comparingInt((int[] r) -> r[0]));
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        int i = 0;
        while (i < ranges.size()) {
            int start = ranges.get(i)[0];
            int end = ranges.get(i)[1];
            for (i++; i < ranges.size() && ranges.get(i)[0] < end; i++) {
                end = Math.max(end, ranges.get(i)[1]);
            }
            out.append(text, at, start).append(placeholder);
            at = end;
        }
        return out.append(text, at, text.length()).toString();
    }
}
