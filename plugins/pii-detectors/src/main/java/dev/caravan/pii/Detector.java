package dev.caravan.pii;

import java.util.List;

/** Finds the values of one {@link PiiKind} in a text. Implementations are immutable and thread-safe. */
public interface Detector {

    PiiKind kind();

    /** Every finding in {@code text}, in order, not overlapping each other. */
    List<Span> find(CharSequence text);
}
