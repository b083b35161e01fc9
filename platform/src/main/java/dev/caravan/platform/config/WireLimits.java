package dev.caravan.platform.config;

import java.time.Duration;

/**
 * {@code server:} limits on what a client may do on the wire before the pipeline sees a request.
 *
 * @param headerTimeout     the whole request head (request line and headers) must arrive within this,
 *                          counted from the connection's opening or from a kept-alive request's first byte
 *                          (key {@code header_timeout_ms}, default 10 s); then 408 and close
 * @param bodyTimeout       the whole request body must arrive within this after the head (key
 *                          {@code body_timeout_ms}, default 60 s); then 408 and close
 * @param idleTimeout       a kept-alive connection with no request and no response in progress is
 *                          closed after this (key {@code idle_timeout_ms}, default 60 s)
 * @param maxConnections    open client connections at most; one more is closed at once, unanswered
 *                          (key {@code max_connections}, default 10000)
 * @param maxHeaderBytes    largest request head (all header lines); larger gets 431 (key
 *                          {@code max_header_bytes}, default 16 KiB)
 * @param maxRequestLineBytes longest request line; longer gets 414 (key {@code max_request_line_bytes},
 *                          default 8 KiB)
 */
public record WireLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections,
        int maxHeaderBytes, int maxRequestLineBytes) {

    public static final WireLimits DEFAULTS = new WireLimits(Duration.ofSeconds(10), Duration.ofSeconds(60),
            Duration.ofSeconds(60), 10_000, 16 * 1024, 8 * 1024);
}
