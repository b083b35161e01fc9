package dev.caravan.api;

/**
 * Token counts of one upstream call, normalised across providers. Counts the provider did not
 * report are zero; {@link #reported()} says whether the provider reported usage at all.
 */
public record Usage(
        long promptTokens,
        long completionTokens,
        long cachedTokens,
        long cacheWriteTokens,
        long reasoningTokens,
        boolean reported) {

    public static final Usage NONE = new Usage(0, 0, 0, 0, 0, false);

    public static Usage of(long promptTokens, long completionTokens) {
        return new Usage(promptTokens, completionTokens, 0, 0, 0, true);
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
