package dev.caravan.mock;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * A reply text split into stream chunks, each piece already encoded as a quoted JSON string in
 * UTF-8, so that writing a chunk is a byte copy. The pieces concatenate to the whole text.
 */
final class ContentPieces {
  private final String content;
  private final byte[] whole;
  private final byte[][] pieces;
  private final String[] texts;

  private ContentPieces(String content, byte[] whole, byte[][] pieces, String[] texts) {
    this.content = content;
    this.whole = whole;
    this.pieces = pieces;
    this.texts = texts;
  }

  static ContentPieces of(String content, int chunks) {
    String[] split = split(content, chunks);
    byte[][] encoded = new byte[split.length][];
    for (int i = 0; i < split.length; i++) {
      encoded[i] = jsonString(split[i]);
    }
    return new ContentPieces(content, jsonString(content), encoded, split);
  }

  /** True when these pieces are the split of {@code content} into {@code chunks}. */
  boolean matches(String content, int chunks) {
    return pieces.length == chunks && this.content.equals(content);
  }

  /** The whole text as a quoted JSON string. */
  byte[] whole() {
    return whole;
  }

  /** The whole text. */
  String text() {
    return content;
  }

  /** Piece {@code i} as text, for the formats rendered with Jackson. */
  String text(int i) {
    return texts[i];
  }

  int count() {
    return pieces.length;
  }

  /** Piece {@code i} as a quoted JSON string. */
  byte[] piece(int i) {
    return pieces[i];
  }

  /**
   * Splits at word starts (a piece keeps the whitespace before its word, like model tokens) when
   * there are at least as many words as chunks; otherwise into equal runs of characters.
   */
  static String[] split(String s, int n) {
    String[] out = new String[n];
    int[] starts = wordStarts(s);
    int words = starts.length;
    for (int k = 0; k < n; k++) {
      int from;
      int to;
      if (words >= n) {
        int a = (int) ((long) k * words / n);
        int b = (int) ((long) (k + 1) * words / n);
        from = starts[a];
        to = b < words ? starts[b] : s.length();
      } else {
        from = charBoundary(s, (int) ((long) k * s.length() / n));
        to = charBoundary(s, (int) ((long) (k + 1) * s.length() / n));
      }
      out[k] = s.substring(from, to);
    }
    return out;
  }

  static byte[] jsonString(String s) {
    byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(s);
    byte[] quoted = new byte[escaped.length + 2];
    quoted[0] = '"';
    System.arraycopy(escaped, 0, quoted, 1, escaped.length);
    quoted[quoted.length - 1] = '"';
    return quoted;
  }

  private static int[] wordStarts(String s) {
    if (s.isEmpty()) {
      return new int[0];
    }
    int count = 1;
    for (int i = 1; i < s.length(); i++) {
      if (isWordStart(s, i)) {
        count++;
      }
    }
    int[] starts = new int[count];
    for (int i = 1, j = 1; i < s.length(); i++) {
      if (isWordStart(s, i)) {
        starts[j++] = i;
      }
    }
    return starts;
  }

  private static boolean isWordStart(String s, int i) {
    return Character.isWhitespace(s.charAt(i)) && !Character.isWhitespace(s.charAt(i - 1));
  }

  /** Never cuts a surrogate pair in two. */
  private static int charBoundary(String s, int i) {
    if (i > 0 && i < s.length() && Character.isLowSurrogate(s.charAt(i))
        && Character.isHighSurrogate(s.charAt(i - 1))) {
      return i + 1;
    }
    return i;
  }
}
