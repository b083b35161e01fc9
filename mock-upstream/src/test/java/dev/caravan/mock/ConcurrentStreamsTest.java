package dev.caravan.mock;

import static dev.caravan.mock.Http.CLIENT;
import static dev.caravan.mock.Http.chatBody;
import static dev.caravan.mock.Http.contentDeltas;
import static dev.caravan.mock.Http.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Slow streams are timers on the event loop: one I/O thread serves hundreds at once. */
class ConcurrentStreamsTest {
  static final int STREAMS = 200;

  @Test
  void should_complete_200_concurrent_slow_streams_when_served_by_one_io_thread() throws Exception {
    MockBehavior slow = MockBehavior.defaults().withChunks(10).withChunkIntervalMs(50);
    try (MockUpstream mock = MockUpstream.start(
        MockOptions.defaults().withIoThreads(1).withDefaultBehavior(slow))) {
      HttpRequest request = Http.chatRequest(mock)
          .POST(HttpRequest.BodyPublishers.ofString(chatBody(true).toString())).build();
      long started = System.nanoTime();

      List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
      for (int i = 0; i < STREAMS; i++) {
        responses.add(CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
      }
      CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

      for (CompletableFuture<HttpResponse<String>> response : responses) {
        List<String> events = events(response.join().body());
        assertEquals(10, contentDeltas(events).size());
        assertEquals("[DONE]", events.get(events.size() - 1));
      }
      // One stream takes 500 ms; served one after another they would take 100 s.
      assertTrue(tookMs < 15_000, STREAMS + " streams took " + tookMs + " ms");
      assertTrue(tookMs >= 500, "streams were not paced: " + tookMs + " ms");
      assertEquals(STREAMS, mock.requestCount());
      Http.await(() -> mock.openStreams() == 0, java.time.Duration.ofSeconds(5), "all streams closed");
    }
  }
}
