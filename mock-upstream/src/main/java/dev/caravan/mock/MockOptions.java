package dev.caravan.mock;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start a {@link MockUpstream}.
 *
 * @param host      address to bind, e.g. {@code 127.0.0.1}
 * @param port      port to bind; 0 picks a free ephemeral port
 * @param ioThreads Netty event-loop threads serving all connections and timers
 * @param defaultBehavior behaviour of requests that override nothing. (Not named
 *                  {@code defaults}: its accessor would clash with the static {@link #defaults()}.)
 * @param fixturesDir directory that {@code replay} knob values are relative to; null = replay is off
 */
public record MockOptions(String host, int port, int ioThreads, MockBehavior defaultBehavior, Path fixturesDir) {

  public MockOptions(String host, int port, int ioThreads, MockBehavior defaultBehavior) {
    this(host, port, ioThreads, defaultBehavior, null);
  }

  public MockOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(defaultBehavior, "defaultBehavior");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: must be between 0 and 65535, got " + port);
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads: must be >= 1, got " + ioThreads);
    }
  }

  /** Loopback, an ephemeral port, one I/O thread, {@link MockBehavior#defaults()}. */
  public static MockOptions defaults() {
    return new MockOptions("127.0.0.1", 0, 1, MockBehavior.defaults());
  }

  public MockOptions withHost(String v) {
    return new MockOptions(v, port, ioThreads, defaultBehavior, fixturesDir);
  }

  public MockOptions withPort(int v) {
    return new MockOptions(host, v, ioThreads, defaultBehavior, fixturesDir);
  }

  public MockOptions withIoThreads(int v) {
    return new MockOptions(host, port, v, defaultBehavior, fixturesDir);
  }

  public MockOptions withDefaultBehavior(MockBehavior v) {
    return new MockOptions(host, port, ioThreads, v, fixturesDir);
  }

  /** Where {@code replay} finds its fixture files. */
  public MockOptions withFixturesDir(Path v) {
    return new MockOptions(host, port, ioThreads, defaultBehavior, v);
  }
}
