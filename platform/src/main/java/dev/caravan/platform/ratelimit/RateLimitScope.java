package dev.caravan.platform.ratelimit;

/**
 * What a rate limit counts: one key (by name), one tenant or one alias, or with id {@code *}
 * every key, tenant or alias, each on its own (a default a named scope replaces).
 */
public record RateLimitScope(Kind kind, String id) {

    public static final String EVERY = "*";

    public enum Kind {
        KEY("key"), TENANT("tenant"), ALIAS("alias");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** The config key and the word in messages and receipts. */
        public String word() {
            return word;
        }
    }

    public boolean everyOne() {
        return EVERY.equals(id);
    }

    /** {@code tenant:acme}: the receipt's decision id and the config's duplicate check. */
    public String label() {
        return kind.word() + ":" + id;
    }
}
