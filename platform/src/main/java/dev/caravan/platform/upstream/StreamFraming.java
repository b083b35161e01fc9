package dev.caravan.platform.upstream;

/**
 * How a translator's upstream frames its stream, for translators the platform itself provides
 * (provider scripts): server-sent events unless it says its upstream sends one JSON object per line.
 * Plugin translators always get server-sent events.
 */
public interface StreamFraming {

    /** Whether the upstream stream of this call is line-delimited JSON rather than server-sent events. */
    boolean lineDelimited();
}
