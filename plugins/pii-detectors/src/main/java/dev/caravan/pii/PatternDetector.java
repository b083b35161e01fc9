package dev.caravan.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A detector that finds candidates with a bounded regular expression and keeps those that pass
 * {@link #end} (which may also trim the candidate). Subclasses only supply the pattern and, where
 * the kind has one, the check (checksum, ranges) that keeps false positives down.
 */
abstract class PatternDetector implements Detector {

    private final PiiKind kind;
    private final Pattern pattern;

    PatternDetector(PiiKind kind, Pattern pattern) {
        this.kind = kind;
        this.pattern = pattern;
    }

    @Override
    public final PiiKind kind() {
        return kind;
    }

    @Override
    public final List<Span> find(CharSequence text) {
        List<Span> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        int from = 0;
        while (from <= text.length() && m.find(from)) {
            int end = end(m, text);
            if (end > m.start()) {
                found.add(new Span(kind, m.start(), end));
                from = end;
            } else {
                // A rejected candidate must not hide a real value that starts inside it
                // ("qty 2 4111 1111 1111 1111"): look again from the next character.
                from = m.start() + 1;
            }
        }
        return found;
    }

    /**
     * Where the value found by the current match of {@code m} in {@code text} ends, or -1 when the candidate is not
     * a real value of this kind. By default every match is one, ending where the match ends.
     */
    int end(Matcher m, CharSequence text) {
        return m.end();
    }

    /** The digits of {@code s}, without spaces, dashes or other separators. */
    static String digitsOf(CharSequence s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                b.append(c);
            }
        }
        return b.toString();
    }
}
