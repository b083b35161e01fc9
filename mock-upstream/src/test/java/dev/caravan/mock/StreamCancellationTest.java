package dev.caravan.mock;

import static dev.caravan.mock.Http.CLIENT;
import static dev.caravan.mock.Http.chatBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.mock.Http.Via;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamCancellationTest {
  MockUpstream mock;

  @BeforeEach
  void start() {
    mock = MockUpstream.start(MockOptions.defaults());
  }

  @AfterEach
  void stop() {
    mock.close();
  }

  @Test
  void should_count_a_cancelled_stream_when_the_client_closes_mid_stream() throws Exception {
    HttpResponse<InputStream> response = CLIENT.send(Via.BODY.request(mock, chatBody(true),
        Map.of("chunks", 200, "chunk_interval_ms", 20)), HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      assertTrue(body.readLine().startsWith("data: "));
      assertEquals(1, mock.openStreams());
    }

    Http.await(() -> mock.cancelledStreams() == 1, Duration.ofSeconds(10), "a cancelled stream");
    Http.await(() -> mock.openStreams() == 0, Duration.ofSeconds(10), "no open stream");
  }

  @Test
  void should_count_a_cancelled_stream_when_the_client_leaves_during_latency() throws Exception {
    try (Socket socket = RawHttp.connect(mock)) {
      ObjectNode body = chatBody(true);
      body.putObject("mock").put("latency_ms", 60_000);
      RawHttp.writeChat(socket, "HTTP/1.1", "", body.toString());
      Http.await(() -> mock.openStreams() == 1, Duration.ofSeconds(10), "the stream to be accepted");
    }

    Http.await(() -> mock.cancelledStreams() == 1, Duration.ofSeconds(10), "a cancelled stream");
    assertEquals(0, mock.openStreams());
  }

  @Test
  void should_not_count_a_cancelled_stream_when_the_stream_completes() {
    Http.post(mock, chatBody(true).toString());

    assertEquals(0, mock.cancelledStreams());
    assertEquals(0, mock.openStreams());
  }

  @Test
  void should_not_count_a_cancelled_stream_when_the_mock_truncates_it() {
    try {
      Http.send(Via.HEADER.request(mock, chatBody(true), Map.of("truncate_after", 1)));
    } catch (RuntimeException expected) {
      // the body ends abruptly; what matters is how the mock counted it
    }

    Http.await(() -> mock.openStreams() == 0, Duration.ofSeconds(10), "no open stream");
    assertEquals(0, mock.cancelledStreams());
  }
}
