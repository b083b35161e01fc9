package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counters and the recently received requests, shared by all I/O threads. */
final class MockStats {
  static final int RECENT_LIMIT = 100;

  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong completionIds = new AtomicLong();
  private final AtomicInteger openStreams = new AtomicInteger();
  private final AtomicInteger openRequests = new AtomicInteger();
  private final AtomicLong cancelledStreams = new AtomicLong();
  private final ArrayDeque<JsonNode> recent = new ArrayDeque<>(RECENT_LIMIT);
  // Kept as Netty's object and converted only when asked: the hot path must not copy headers.
  private volatile HttpHeaders lastHeaders;

  /** Counts a chat request and keeps its headers; returns the number for its completion id. */
  long chatRequestReceived(HttpHeaders headers) {
    requests.incrementAndGet();
    lastHeaders = headers;
    return completionIds.incrementAndGet();
  }

  void recordBody(JsonNode body) {
    synchronized (recent) {
      if (recent.size() == RECENT_LIMIT) {
        recent.removeFirst();
      }
      recent.addLast(body);
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

  int openStreams() {
    return openStreams.get();
  }

  long cancelledStreams() {
    return cancelledStreams.get();
  }

  List<JsonNode> recentRequests() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  JsonNode lastRequest() {
    synchronized (recent) {
      return recent.peekLast();
    }
  }

  Map<String, String> lastRequestHeaders() {
    HttpHeaders headers = lastHeaders;
    Map<String, String> copy = new LinkedHashMap<>();
    if (headers != null) {
      for (Iterator<Map.Entry<String, String>> it = headers.iteratorAsString(); it.hasNext(); ) {
        Map.Entry<String, String> h = it.next();
        copy.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + ", " + b);
      }
    }
    return Map.copyOf(copy);
  }

  /** Clears counters and recorded requests; streams in progress stay counted as open. */
  void reset() {
    requests.set(0);
    cancelledStreams.set(0);
    lastHeaders = null;
    synchronized (recent) {
      recent.clear();
    }
  }
}
