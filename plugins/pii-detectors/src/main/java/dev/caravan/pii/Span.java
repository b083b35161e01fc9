package dev.caravan.pii;

/**
 * One finding: {@code text.substring(start, end)} is a value of {@code kind}. Holds offsets only,
 * never the value itself, so a span can be logged or counted without leaking anything.
 */
public record Span(PiiKind kind, int start, int end) {

    public Span {
        if (kind == null || start < 0 || end <= start) {
            throw new IllegalArgumentException("bad span " + kind + " [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    public boolean overlaps(Span other) {
        return start < other.end && other.start < end;
    }
}
