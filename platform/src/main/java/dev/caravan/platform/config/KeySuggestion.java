package dev.caravan.platform.config;

import java.util.Collection;
import java.util.Comparator;

/** "did you mean 'port'?" for a misspelt key: the nearest allowed key within two edits. */
final class KeySuggestion {

    private KeySuggestion() {}

    static String didYouMean(String name, Collection<String> allowed) {
        return allowed.stream()
                .filter(candidate -> distance(name, candidate) <= Math.min(2, candidate.length() / 2))
                .min(Comparator.comparingInt((String candidate) -> distance(name, candidate)).thenComparing(c -> c))
                .map(candidate -> " (did you mean '" + candidate + "'?)")
                .orElse("");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
