package dev.caravan.platform.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What the request log keeps of a tenant's request and response bodies (docs/logging-and-privacy.md).
 * Metadata, tokens, cost and status are always kept: they are the receipt.
 */
public enum LoggingMode {
    /** No bodies at all. */
    METADATA_ONLY,
    /** Bodies after secret scrubbing and every configured redactor. */
    REDACTED,
    /** Bodies as sent, secrets scrubbed. */
    FULL;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LoggingMode> parse(String text) {
        return Arrays.stream(values()).filter(m -> m.configName().equals(text)).findFirst();
    }

    public static String choices() {
        return "metadata_only, redacted or full";
    }
}
