package dev.caravan.platform.upstream;

/**
 * The text a stream's upstream generated so far (content, reasoning, tool arguments), kept so that
 * a stream which ends without the provider's usage (the client hung up before the final chunk, the
 * upstream broke off, a provider that never reports it) can still be billed for its output.
 * Bounded: past {@link #LIMIT} characters only the length is kept, and the rest is estimated from it.
 * Written by the one relay thread that reads the stream at a time; read once the stream has ended.
 */
public final class GeneratedText {

    /**
     * Characters kept verbatim, about 2,000 tokens: every open stream keeps its own, so the bound is
     * what 10,000 open streams may hold (about 80 MB), not what the longest answer needs.
     */
    static final int LIMIT = 8 * 1024;

    private final StringBuilder text = new StringBuilder();
    private long beyond;

    void add(String piece) {
        int room = LIMIT - text.length();
        if (piece.length() <= room) {
            text.append(piece);
        } else {
            text.append(piece, 0, Math.max(0, room));
            beyond += piece.length() - Math.max(0, room);
        }
    }

    public boolean isEmpty() {
        return text.length() == 0;
    }

    /** The text kept verbatim. */
    public String kept() {
        return text.toString();
    }

    /** Characters past the bound, not kept. */
    public long beyondLimit() {
        return beyond;
    }
}
