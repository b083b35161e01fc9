package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** Counters and the recently received requests, shared by all I/O threads. */
final class MockStats {
  static final int RECENT_LIMIT = 100;
  /** Headers that carry credentials: recorded as present, never with their value. */
  private static final Set<String> CREDENTIALS = Set.of("authorization", "proxy-authorization", "x-api-key",
      "api-key", "x-goog-api-key", "cookie");
  private static final Pattern KEY_PARAM = Pattern.compile("(^|&)(key|api_key|api-key)=[^&]*");

  /**
   * As received: Netty's headers object is kept and converted only when asked, so the hot path
   * does not copy headers. {@code body} is null when the body was not JSON ({@code raw} has it).
   */
  private record Received(String method, String uri, HttpHeaders headers, JsonNode body, String raw) {}

  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong completionIds = new AtomicLong();
  private final AtomicInteger openStreams = new AtomicInteger();
  private final AtomicInteger openRequests = new AtomicInteger();
  private final AtomicLong cancelledStreams = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private final ArrayDeque<Received> recent = new ArrayDeque<>(RECENT_LIMIT);
  private volatile HttpHeaders lastHeaders;

  /** Counts an API request and keeps its headers; returns the number for its answer's ids. */
  long requestReceived(HttpHeaders headers) {
    requests.incrementAndGet();
    lastHeaders = headers;
    return completionIds.incrementAndGet();
  }

  /** Keeps a request for read-back; {@code body} null when it was not JSON, then {@code raw} is kept. */
  void record(String method, String uri, HttpHeaders headers, JsonNode body, String raw) {
    Received received = new Received(method, uri, headers, body, raw);
    synchronized (recent) {
      if (recent.size() == RECENT_LIMIT) {
        recent.removeFirst();
      }
      recent.addLast(received);
    }
  }

  void requestOpened() {
    openRequests.incrementAndGet();
  }

  void requestEnded() {
    openRequests.decrementAndGet();
  }

  int openRequests() {
    return openRequests.get();
  }

  void streamOpened() {
    openStreams.incrementAndGet();
  }

  void streamEnded(boolean cancelledByClient) {
    openStreams.decrementAndGet();
    if (cancelledByClient) {
      cancelledStreams.incrementAndGet();
    }
  }

  long requestCount() {
    return requests.get();
  }

  void connectionAccepted() {
    connections.incrementAndGet();
  }

  long connectionCount() {
    return connections.get();
  }

  int openStreams() {
    return openStreams.get();
  }

  long cancelledStreams() {
    return cancelledStreams.get();
  }

  /** The JSON bodies of the recent requests, oldest first. */
  List<JsonNode> recentRequests() {
    synchronized (recent) {
      return recent.stream().map(Received::body).filter(b -> b != null).toList();
    }
  }

  JsonNode lastRequest() {
    List<JsonNode> bodies = recentRequests();
    return bodies.isEmpty() ? null : bodies.get(bodies.size() - 1);
  }

  /** The last {@code last} recorded requests, oldest first, credentials redacted. */
  List<RecordedRequest> recorded(int last) {
    List<Received> copy;
    synchronized (recent) {
      copy = new ArrayList<>(recent);
    }
    List<RecordedRequest> out = new ArrayList<>();
    for (Received r : copy.subList(Math.max(0, copy.size() - last), copy.size())) {
      out.add(redacted(r));
    }
    return out;
  }

  Map<String, String> lastRequestHeaders() {
    return Map.copyOf(headerMap(lastHeaders, false));
  }

  /** Clears counters and recorded requests; streams in progress stay counted as open. */
  void reset() {
    requests.set(0);
    cancelledStreams.set(0);
    connections.set(0);
    lastHeaders = null;
    clearRecorded();
  }

  /** Forgets the recorded requests only; returns how many there were. */
  int clearRecorded() {
    synchronized (recent) {
      int n = recent.size();
      recent.clear();
      return n;
    }
  }

  private static RecordedRequest redacted(Received r) {
    int q = r.uri().indexOf('?');
    String path = q < 0 ? r.uri() : r.uri().substring(0, q);
    String query = q < 0 ? "" : KEY_PARAM.matcher(r.uri().substring(q + 1)).replaceAll("$1$2=" + RecordedRequest.REDACTED);
    JsonNode body = r.body() != null ? r.body() : r.raw() == null || r.raw().isEmpty() ? null : TextNode.valueOf(r.raw());
    return new RecordedRequest(r.method(), path, query, headerMap(r.headers(), true), body);
  }

  private static Map<String, String> headerMap(HttpHeaders headers, boolean redact) {
    Map<String, String> copy = new LinkedHashMap<>();
    if (headers != null) {
      for (Iterator<Map.Entry<String, String>> it = headers.iteratorAsString(); it.hasNext(); ) {
        Map.Entry<String, String> h = it.next();
        String name = h.getKey().toLowerCase(Locale.ROOT);
        String value = redact && CREDENTIALS.contains(name) ? RecordedRequest.REDACTED : h.getValue();
        copy.merge(name, value, (a, b) -> redact && CREDENTIALS.contains(name) ? a : a + ", " + b);
      }
    }
    return copy;
  }
}
