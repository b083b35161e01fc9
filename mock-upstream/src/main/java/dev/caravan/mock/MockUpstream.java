package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A scriptable stand-in for model providers, for tests, benchmarks and pilots.
 *
 * <p>Serves, on one port, OpenAI chat completions, Responses, embeddings and image generations,
 * Anthropic Messages and Gemini generateContent (JSON or streams, see {@link ApiRoutes}),
 * {@code GET /v1/models}, the {@code /_mock/} control API, and an OpenAI 404 error for anything else. How each request is
 * answered is set by {@link MockBehavior}, per request, and per upstream model and call number by
 * {@link MockScript}s ({@link #script}, or {@code PUT /_mock/scripts/{model}}). Everything, timers included, runs on
 * {@link MockOptions#ioThreads()} Netty event-loop threads: no thread per request or stream.
 *
 * <p>Thread-safe; the accessors may be called from any thread while the server runs.
 */
public final class MockUpstream implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel server;
  private final MockStats stats;
  private final MockScripts scripts;
  private final FixtureFiles fixtures;
  private final int port;
  private final URI baseUrl;

  private MockUpstream(EventLoopGroup group, Channel server, MockStats stats, MockScripts scripts,
      FixtureFiles fixtures, String host) {
    this.group = group;
    this.server = server;
    this.stats = stats;
    this.scripts = scripts;
    this.fixtures = fixtures;
    this.port = ((InetSocketAddress) server.localAddress()).getPort();
    this.baseUrl = URI.create("http://" + urlHost(host) + ":" + port + "/v1");
  }

  /**
   * Binds and starts serving.
   *
   * @throws UncheckedIOException when the address cannot be bound
   */
  public static MockUpstream start(MockOptions options) {
    MockStats stats = new MockStats();
    MockScripts scripts = new MockScripts();
    ChatCallFactory calls = new ChatCallFactory(options.defaultBehavior(), stats, scripts);
    FixtureFiles fixtures = new FixtureFiles(options.fixturesDir());
    EventLoopGroup group =
        new NioEventLoopGroup(options.ioThreads(), new DefaultThreadFactory("mock-upstream-io", true));
    ChannelFuture bind = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new MockChannelInitializer(calls, stats, new ControlEndpoints(scripts, stats), fixtures))
        .bind(options.host(), options.port())
        .awaitUninterruptibly();
    if (!bind.isSuccess()) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      fixtures.close();
      String where = options.host() + ":" + options.port();
      Throwable cause = bind.cause();
      throw new UncheckedIOException("mock upstream cannot bind " + where,
          cause instanceof IOException io ? io : new IOException(cause));
    }
    return new MockUpstream(group, bind.channel(), stats, scripts, fixtures, options.host());
  }

  public int port() {
    return port;
  }

  /** {@code http://<host>:<port>/v1}, with 127.0.0.1 when bound to a wildcard address. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** API requests (any wire format) received, valid or not, since start or {@link #reset()}. */
  public long requestCount() {
    return stats.requestCount();
  }

  /**
   * TCP connections accepted since start or {@link #reset()}, whatever came over them: a client
   * that reuses its connections opens few, one that closes them after some answers opens more.
   */
  public long connectionCount() {
    return stats.connectionCount();
  }

  /** The JSON bodies of the last (at most 100) API requests, oldest first. */
  public List<JsonNode> recentRequests() {
    return stats.recentRequests();
  }

  /** The last JSON API request body, or null. */
  public JsonNode lastRequest() {
    return stats.lastRequest();
  }

  /**
   * The last (at most 100) API requests with their path, query, headers and body, oldest first;
   * credential headers are redacted. The same as {@code GET /_mock/requests}.
   */
  public List<RecordedRequest> recordedRequests() {
    return stats.recorded(MockStats.RECENT_LIMIT);
  }

  /** The last API request received, or null. */
  public RecordedRequest lastRecordedRequest() {
    List<RecordedRequest> last = stats.recorded(1);
    return last.isEmpty() ? null : last.get(0);
  }

  /**
   * Headers of the last API request, names in lower case; repeated headers joined by ", ".
   * Unlike {@link #recordedRequests()}, credentials are included, so that in-process tests can
   * check which key was sent upstream.
   */
  public Map<String, String> lastRequestHeaders() {
    return stats.lastRequestHeaders();
  }

  /** Streaming requests accepted whose stream has not ended yet (including during latency_ms). */
  public int openStreams() {
    return stats.openStreams();
  }

  /** Streams whose client closed the connection before the end of the stream. */
  public long cancelledStreams() {
    return stats.cancelledStreams();
  }

  /**
   * Chat requests accepted whose answer has not been fully written yet, streams included: during
   * latency, while streaming, while hanging. Back to 0 once clients have left a hanging mock.
   */
  public int openRequests() {
    return stats.openRequests();
  }

  /**
   * Sets the script of an upstream model (the request's {@code model}), replacing any other;
   * its next call is call 1. Knob precedence: header &gt; body &gt; script step &gt; default.
   *
   * @throws IllegalArgumentException when the script has no step
   */
  public void script(String model, MockScript script) {
    scripts.set(Objects.requireNonNull(model, "model"), Objects.requireNonNull(script, "script"));
  }

  /** Removes a model's script (its call count stays); true when it had one. */
  public boolean removeScript(String model) {
    return scripts.remove(model);
  }

  /** Removes every script; call counts stay (see {@link #reset()}). */
  public void clearScripts() {
    scripts.clear();
  }

  /** The scripts set, by model. */
  public Map<String, MockScript> scripts() {
    return scripts.scripts();
  }

  /**
   * Chat calls of an upstream model (valid requests naming it) since start, since its script was
   * set, or since {@link #reset()}. With a script, the next call uses the step covering this + 1.
   */
  public long callCount(String model) {
    return scripts.calls(model);
  }

  /**
   * Clears the counters (per-model call counts included: scripts start again at call 1) and
   * recorded requests. Scripts stay. {@link #openStreams()} and {@link #openRequests()} are gauges
   * and stay.
   */
  public void reset() {
    stats.reset();
    scripts.resetCounts();
  }

  /** Stops accepting, closes all connections and stops the I/O threads. Idempotent. */
  @Override
  public void close() {
    server.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    fixtures.close();
  }

  /** Blocks until the server socket is closed (used by the CLI to run until killed). */
  void awaitClose() throws InterruptedException {
    server.closeFuture().await();
  }

  private static String urlHost(String host) {
    if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      return "127.0.0.1";
    }
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
