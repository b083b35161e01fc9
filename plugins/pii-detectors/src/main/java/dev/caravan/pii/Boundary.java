package dev.caravan.pii;

/**
 * Start-of-value guards shared by the detectors' patterns.
 *
 * <p>A value must not be glued to the text before it (so {@code task-...} is not an OpenAI key,
 * {@code v1.2.3.4} is not an address). Logged bodies are often JSON text, where a value right after
 * a line break reads {@code \n4111...}: the {@code n} of the escape must count as a separator, and
 * must not become part of the value (masking it would break the escape).
 */
final class Boundary {

    private Boundary() {}

    /**
     * A lookbehind: the previous character is none of {@code excluded} (a character-class body)
     * and not a backslash, or the previous two characters are a JSON/C escape {@code \n \r \t}.
     */
    static String notAfter(String excluded) {
        return "(?:(?<=\\\\[nrt])|(?<![\\\\" + excluded + "]))";
    }
}
