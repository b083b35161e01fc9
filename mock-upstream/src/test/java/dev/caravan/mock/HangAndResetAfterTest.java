package dev.caravan.mock;

import static dev.caravan.mock.Http.CLIENT;
import static dev.caravan.mock.Http.chatBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.mock.Http.Via;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The hang and reset_after knobs: a request that is never answered, and a reset mid-answer. */
class HangAndResetAfterTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  MockUpstream mock;

  @BeforeEach
  void start() {
    mock = MockUpstream.start(MockOptions.defaults());
  }

  @AfterEach
  void stop() {
    mock.close();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void should_answer_nothing_until_the_client_times_out_when_hang_is_set(boolean stream) {
    HttpRequest request = Http.chatRequest(mock).timeout(Duration.ofMillis(300)).header("x-mock-hang", "true")
        .POST(HttpRequest.BodyPublishers.ofString(chatBody(stream).toString())).build();
    long started = System.nanoTime();

    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS));
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertInstanceOf(HttpTimeoutException.class, failed.getCause());
    assertTrue(waitedMs >= 300, "gave up after " + waitedMs + " ms");
    // The client closed its connection: nothing of the hanging request may stay behind.
    Http.await(() -> mock.openRequests() == 0, WAIT, "no open request");
    Http.await(() -> mock.openStreams() == 0, WAIT, "no open stream");
    assertEquals(stream ? 1 : 0, mock.cancelledStreams());
    assertEquals(1, mock.requestCount());
  }

  @Test
  void should_hold_every_hanging_request_until_its_client_leaves_when_many_hang() throws IOException {
    List<Socket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        Socket socket = RawHttp.connect(mock);
        clients.add(socket);
        ObjectNode body = chatBody(i % 2 == 0);
        body.putObject("mock").put("hang", true);
        RawHttp.writeChat(socket, "HTTP/1.1", "", body.toString());
      }
      Http.await(() -> mock.openRequests() == 20, WAIT, "20 hanging requests");
      assertEquals(10, mock.openStreams());
      // The mock is not blocked by them.
      assertEquals(200, Http.post(mock, chatBody(false).toString()).statusCode());
      for (Socket socket : clients) {
        assertEquals(0, socket.getInputStream().available(), "a hanging request got an answer");
      }
    } finally {
      for (Socket socket : clients) {
        socket.close();
      }
    }

    Http.await(() -> mock.openRequests() == 0, WAIT, "no open request");
    Http.await(() -> mock.openStreams() == 0, WAIT, "no open stream");
    assertEquals(10, mock.cancelledStreams());
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void should_send_that_many_chunks_then_reset_the_connection_when_reset_after_is_set(Via via) throws IOException {
    ObjectNode body = chatBody(true);
    String headers = "";
    if (via == Via.BODY) {
      body.putObject("mock").put("chunks", 5).put("reset_after", 3);
    } else {
      headers = "x-mock-chunks: 5\r\nx-mock-reset-after: 3\r\n";
    }

    Received received;
    try (Socket socket = RawHttp.connect(mock)) {
      RawHttp.writeChat(socket, "HTTP/1.1", headers, body.toString());
      received = readUntilEnd(socket.getInputStream());
    }

    assertTrue(received.reset(), "expected a TCP reset, the connection ended cleanly: " + received.text());
    assertTrue(received.text().startsWith("HTTP/1.1 200 OK") && received.text().contains("transfer-encoding: chunked"),
        received.text());
    assertEquals(3, received.text().split("\"delta\":\\{\"content\":", -1).length - 1, received.text());
    assertFalse(received.text().contains("[DONE]") || received.text().contains("\"finish_reason\":\"stop\""));
    Http.await(() -> mock.openStreams() == 0 && mock.openRequests() == 0, WAIT, "the stream to end");
    assertEquals(0, mock.cancelledStreams());
  }

  @Test
  void should_close_cleanly_not_reset_when_truncate_after_is_set() throws IOException {
    ObjectNode body = chatBody(true);
    body.putObject("mock").put("chunks", 5).put("truncate_after", 3);

    Received received;
    try (Socket socket = RawHttp.connect(mock)) {
      RawHttp.writeChat(socket, "HTTP/1.1", "", body.toString());
      received = readUntilEnd(socket.getInputStream());
    }

    assertFalse(received.reset(), "truncate_after must end with FIN, not a reset");
  }

  @Test
  void should_fail_the_jdk_client_mid_body_when_reset_after_is_set() throws Exception {
    HttpResponse<InputStream> response = CLIENT.send(Via.HEADER.request(mock, chatBody(true),
        Map.of("chunks", 50, "reset_after", 2)), HttpResponse.BodyHandlers.ofInputStream());

    assertEquals(200, response.statusCode());
    try (InputStream in = response.body()) {
      assertThrows(IOException.class, in::readAllBytes);
    }
  }

  @Test
  void should_send_the_head_and_that_many_body_bytes_then_reset_when_reset_after_is_set_without_stream()
      throws IOException {
    ObjectNode body = chatBody(false);
    body.putObject("mock").put("reset_after", 10);

    Received received;
    try (Socket socket = RawHttp.connect(mock)) {
      RawHttp.writeChat(socket, "HTTP/1.1", "", body.toString());
      received = readUntilEnd(socket.getInputStream());
    }

    String text = received.text();
    int bodyStart = text.indexOf("\r\n\r\n") + 4;
    int announced = Integer.parseInt(text.replaceAll("(?s).*content-length: (\\d+).*", "$1"));
    assertTrue(received.reset(), text);
    assertTrue(text.startsWith("HTTP/1.1 200 OK"), text);
    assertEquals("{\"id\":\"cha", text.substring(bodyStart));
    assertTrue(announced > 10, text);
    Http.await(() -> mock.openRequests() == 0, WAIT, "the request to end");
  }

  /** What arrived before the connection ended, and whether it ended with a reset. */
  record Received(String text, boolean reset) {}

  private static Received readUntilEnd(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    boolean reset = false;
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        bytes.write(buffer, 0, n);
      }
    } catch (SocketException e) {
      reset = e.getMessage() != null && e.getMessage().toLowerCase().contains("reset");
      if (!reset) {
        throw e;
      }
    }
    return new Received(bytes.toString(StandardCharsets.UTF_8), reset);
  }
}
