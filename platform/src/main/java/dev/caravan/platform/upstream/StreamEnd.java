package dev.caravan.platform.upstream;

import dev.caravan.api.Usage;

/**
 * How a relayed stream ended.
 *
 * @param usage          usage reported by the upstream (or {@link Usage#NONE})
 * @param firstByteNanos upstream time to the first event, or null if none came
 * @param error          null when the stream completed cleanly; else the receipt's error label
 * @param clientAborted  true when the client disconnected first (the upstream call was cancelled)
 */
public record StreamEnd(Usage usage, Long firstByteNanos, String error, boolean clientAborted) {}
