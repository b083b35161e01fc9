package dev.caravan.pii;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces every finding of a {@link PiiScanner} with its kind's placeholder ({@code [EMAIL]},
 * {@code [CREDIT_CARD]} …). The placeholder is the same whatever the value, so the masked text
 * reveals nothing of it: not a prefix, not a suffix, not its length, not a hash. Thread-safe.
 */
public final class PiiMasker {

    /**
     * A masked text.
     *
     * @param text   the input with every finding replaced by its placeholder
     * @param counts findings masked per kind id (e.g. {@code email -> 2}), in {@link PiiKind} order;
     *               empty when nothing was found
     */
    public record Masked(String text, Map<String, Integer> counts) {

        public Masked {
            counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        }

        public int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final PiiScanner scanner;

    public PiiMasker(PiiScanner scanner) {
        this.scanner = scanner;
    }

    public PiiScanner scanner() {
        return scanner;
    }

    public Masked mask(String text) {
        List<Span> spans = scanner.scan(text);
        if (spans.isEmpty()) {
            return new Masked(text, Map.of());
        }
        StringBuilder out = new StringBuilder(text.length());
        Map<PiiKind, Integer> counts = new EnumMap<>(PiiKind.class);
        int at = 0;
        for (Span s : spans) {
            out.append(text, at, s.start()).append(s.kind().placeholder());
            counts.merge(s.kind(), 1, Integer::sum);
            at = s.end();
        }
        out.append(text, at, text.length());
        return new Masked(out.toString(), byId(counts));
    }

    /** Counts per kind id, for receipts and reasons. */
    public static Map<String, Integer> byId(Map<PiiKind, Integer> counts) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        counts.forEach((k, n) -> ids.put(k.id(), n));
        return ids;
    }
}
