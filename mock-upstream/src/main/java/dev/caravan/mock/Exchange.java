package dev.caravan.mock;

/**
 * One request/response on a connection. A connection runs one exchange at a time so that
 * pipelined requests are answered in order. All methods run on the channel's event loop.
 */
interface Exchange {

  /** Starts answering; ends by calling {@link ConnectionHandler#finish}, or by closing the channel. */
  void start();

  /** The channel closed before this exchange finished: stop timers, release what it holds. */
  void abort();

  /** The channel became writable again after back-pressure. */
  default void writable() {}
}
