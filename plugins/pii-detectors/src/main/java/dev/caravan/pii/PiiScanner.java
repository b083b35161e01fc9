package dev.caravan.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Runs a fixed set of detectors over a text and returns non-overlapping findings. When findings of
 * two kinds overlap, the kind earlier in {@link PiiKind} wins, then the longer finding (a card
 * number is not also a phone number; an e-mail inside a PEM block is part of the secret).
 * Immutable and thread-safe.
 */
public final class PiiScanner {

    private static final Comparator<Span> PRECEDENCE = Comparator.comparing(Span::kind)
            .thenComparing(Comparator.comparingInt(Span::length).reversed())
            .thenComparingInt(Span::start);

    private final List<Detector> detectors;

    public PiiScanner(List<Detector> detectors) {
        if (detectors.isEmpty()) {
            throw new IllegalArgumentException("a scanner needs at least one detector");
        }
        this.detectors = List.copyOf(detectors);
    }

    /** A scanner with every detector. */
    public static PiiScanner all() {
        return new PiiScanner(Detectors.all());
    }

    public List<Detector> detectors() {
        return detectors;
    }

    /** The findings in {@code text}, ordered by position, none overlapping another. */
    public List<Span> scan(CharSequence text) {
        if (text == null || text.length() == 0) {
            return List.of();
        }
        List<Span> candidates = new ArrayList<>();
        for (Detector d : detectors) {
            candidates.addAll(d.find(text));
        }
        candidates.sort(PRECEDENCE);
        NavigableMap<Integer, Span> kept = new TreeMap<>();
        for (Span s : candidates) {
            if (!overlapsKept(kept, s)) {
                kept.put(s.start(), s);
            }
        }
        return List.copyOf(kept.values());
    }

    private static boolean overlapsKept(NavigableMap<Integer, Span> kept, Span s) {
        Map.Entry<Integer, Span> before = kept.floorEntry(s.start());
        if (before != null && before.getValue().overlaps(s)) {
            return true;
        }
        Map.Entry<Integer, Span> after = kept.ceilingEntry(s.start());
        return after != null && after.getValue().overlaps(s);
    }
}
