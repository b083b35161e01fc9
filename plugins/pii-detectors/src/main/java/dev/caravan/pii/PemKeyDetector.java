package dev.caravan.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM private key blocks: from a {@code -----BEGIN … PRIVATE KEY-----} line through the next
 * {@code -----END … PRIVATE KEY-----} line within 16 KiB; without one (a key pasted half), through
 * the base64 lines that follow. The END line is searched for in that bounded window (a literal
 * prefix search), not with a lazy "anything" pattern, so BEGIN lines without an END stay cheap.
 */
final class PemKeyDetector implements Detector {

    private static final int MAX_BLOCK = 16_384;
    private static final Pattern BEGIN = Pattern.compile("-----BEGIN (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY-----");
    private static final Pattern END = Pattern.compile("-----END (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY-----");
    // Base64 lines separated by whitespace or by JSON-escaped line breaks.
    private static final Pattern BASE64_LINES = Pattern.compile("(?:(?:\\s|\\\\[nr]){1,4}[A-Za-z0-9+/=]{16,128}){0,512}");

    @Override
    public PiiKind kind() {
        return PiiKind.SECRET;
    }

    @Override
    public List<Span> find(CharSequence text) {
        List<Span> found = new ArrayList<>();
        String s = text.toString();
        Matcher begin = BEGIN.matcher(s);
        int from = 0;
        while (from < s.length() && begin.find(from)) {
            int end = blockEnd(s, begin.end());
            found.add(new Span(PiiKind.SECRET, begin.start(), end));
            from = end;
        }
        return found;
    }

    private static int blockEnd(String s, int afterBegin) {
        // The END line must start within MAX_BLOCK (+ its own length) of the BEGIN line.
        Matcher end = END.matcher(s).region(afterBegin, Math.min(s.length(), afterBegin + MAX_BLOCK + 64));
        if (end.find()) {
            return end.end();
        }
        Matcher lines = BASE64_LINES.matcher(s).region(afterBegin, s.length());
        return lines.lookingAt() ? lines.end() : afterBegin;
    }
}
