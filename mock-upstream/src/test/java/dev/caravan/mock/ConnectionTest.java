package dev.caravan.mock;

import static dev.caravan.mock.Http.chatBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keep-alive, Connection: close, HTTP/1.0, pipelining and the body limit, on raw sockets. */
class ConnectionTest {
  static MockUpstream mock;

  @BeforeAll
  static void start() {
    mock = MockUpstream.start(MockOptions.defaults());
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  @Test
  void should_serve_several_requests_on_one_connection_when_keep_alive() throws IOException {
    try (Socket socket = socket()) {
      for (int i = 0; i < 3; i++) {
        write(socket, "HTTP/1.1", "", chatBody(i == 1).toString());
        RawHttpResponse response = RawHttpResponse.read(socket.getInputStream());
        assertEquals(200, response.status());
        assertFalse(response.headers().containsKey("connection"), response.headers().toString());
      }
    }
  }

  @Test
  void should_count_one_connection_when_a_client_reuses_it_after_an_error_answer() throws IOException {
    long before = mock.connectionCount();
    try (Socket socket = socket()) {
      for (String headers : new String[] {"x-mock-status: 503\r\n", "", "x-mock-status: 503\r\n"}) {
        write(socket, "HTTP/1.1", headers, chatBody(false).toString());
        RawHttpResponse response = RawHttpResponse.read(socket.getInputStream());
        assertEquals(headers.isEmpty() ? 200 : 503, response.status());
        assertFalse(response.headers().containsKey("connection"), response.headers().toString());
      }
    }

    assertEquals(1, mock.connectionCount() - before);
  }

  @Test
  void should_count_each_new_connection() throws IOException {
    long before = mock.connectionCount();
    for (int i = 0; i < 2; i++) {
      try (Socket socket = socket()) {
        write(socket, "HTTP/1.1", "", chatBody(false).toString());
        assertEquals(200, RawHttpResponse.read(socket.getInputStream()).status());
      }
    }

    assertEquals(2, mock.connectionCount() - before);
  }

  @Test
  void should_close_the_connection_when_the_client_sends_connection_close() throws IOException {
    try (Socket socket = socket()) {
      write(socket, "HTTP/1.1", "Connection: close\r\n", chatBody(false).toString());
      RawHttpResponse response = RawHttpResponse.read(socket.getInputStream());

      assertEquals("close", response.headers().get("connection"));
      assertEquals(-1, socket.getInputStream().read());
    }
  }

  @Test
  void should_keep_an_http_10_connection_when_the_client_asks_for_keep_alive() throws IOException {
    try (Socket socket = socket()) {
      for (int i = 0; i < 2; i++) {
        write(socket, "HTTP/1.0", "Connection: keep-alive\r\n", chatBody(false).toString());
        RawHttpResponse response = RawHttpResponse.read(socket.getInputStream());
        assertTrue(response.statusLine().startsWith("HTTP/1.0 200"), response.statusLine());
        assertEquals("keep-alive", response.headers().get("connection"));
      }
    }
  }

  @Test
  void should_stream_without_chunked_encoding_and_close_when_the_client_is_http_10() throws IOException {
    try (Socket socket = socket()) {
      write(socket, "HTTP/1.0", "", chatBody(true).toString());
      RawHttpResponse response = RawHttpResponse.read(socket.getInputStream());

      assertFalse(response.headers().containsKey("transfer-encoding"));
      assertTrue(response.body().endsWith("data: [DONE]\n\n"), response.body());
    }
  }

  @Test
  void should_answer_pipelined_requests_in_order_when_the_first_is_slower() throws IOException {
    ObjectNode slow = chatBody(false);
    slow.putObject("mock").put("latency_ms", 200).put("content", "first");
    ObjectNode fast = chatBody(false);
    fast.putObject("mock").put("content", "second");
    try (Socket socket = socket()) {
      write(socket, "HTTP/1.1", "", slow.toString());
      write(socket, "HTTP/1.1", "", fast.toString());
      InputStream in = socket.getInputStream();

      assertTrue(RawHttpResponse.read(in).body().contains("\"content\":\"first\""));
      assertTrue(RawHttpResponse.read(in).body().contains("\"content\":\"second\""));
    }
  }

  @Test
  void should_answer_413_with_an_openai_error_when_the_body_exceeds_16_mib() throws IOException {
    try (Socket socket = socket()) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + (17 * 1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      RawHttpResponse response = RawHttpResponse.read(socket.getInputStream());

      assertEquals(413, response.status());
      ChatCompletionTest.assertOpenAiError(Http.json(response.body()), "invalid_request_error");
    }
  }

  @Test
  void should_answer_400_and_keep_serving_when_the_request_line_is_malformed() throws IOException {
    try (Socket socket = socket()) {
      socket.getOutputStream().write("BLAH\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertTrue(RawHttpResponse.read(socket.getInputStream()).status() >= 400);
    }
    assertEquals(200, Http.post(mock, chatBody(false).toString()).statusCode());
  }

  private static Socket socket() throws IOException {
    return RawHttp.connect(mock);
  }

  private static void write(Socket socket, String version, String headers, String json) throws IOException {
    RawHttp.writeChat(socket, version, headers, json);
  }
}
