package dev.caravan.mock;

import static dev.caravan.mock.Http.CLIENT;
import static dev.caravan.mock.Http.chatBody;
import static dev.caravan.mock.Http.contentDeltas;
import static dev.caravan.mock.Http.events;
import static dev.caravan.mock.Http.json;
import static dev.caravan.mock.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.mock.Http.Via;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each knob, set in the body's "mock" object and in x-mock-* headers. */
class BehaviourKnobsTest {
  static MockUpstream mock;

  @BeforeAll
  static void start() {
    mock = MockUpstream.start(MockOptions.defaults());
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void should_delay_the_response_when_latency_ms_is_set(Via via) {
    long started = System.nanoTime();
    HttpResponse<String> response = send(via.request(mock, chatBody(false), Map.of("latency_ms", 300)));

    assertEquals(200, response.statusCode());
    assertTrue(elapsedMs(started) >= 300, "answered after " + elapsedMs(started) + " ms");
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void should_delay_the_stream_head_when_latency_ms_is_set(Via via) throws Exception {
    long started = System.nanoTime();
    HttpResponse<InputStream> response = CLIENT.send(
        via.request(mock, chatBody(true), Map.of("latency_ms", 300)), HttpResponse.BodyHandlers.ofInputStream());
    long headAfter = elapsedMs(started);
    try (InputStream body = response.body()) {
      body.readAllBytes();
    }

    assertTrue(headAfter >= 300, "head after " + headAfter + " ms");
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void should_send_that_many_content_chunks_when_chunks_is_set(Via via) {
    List<String> events = events(send(via.request(mock, chatBody(true), Map.of("chunks", 3))).body());

    assertEquals(3, contentDeltas(events).size());
    assertEquals(MockBehavior.DEFAULT_CONTENT, String.join("", contentDeltas(events)));
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void should_pace_chunks_when_chunk_interval_ms_is_set(Via via) {
    long started = System.nanoTime();
    HttpResponse<String> response =
        send(via.request(mock, chatBody(true), Map.of("chunks", 4, "chunk_interval_ms", 80)));

    assertEquals(4, contentDeltas(events(response.body())).size());
    assertTrue(elapsedMs(started) >= 4 * 80, "stream took " + elapsedMs(started) + " ms");
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void should_pace_chunks_when_tokens_per_second_is_set(Via via) {
    long started = System.nanoTime();
    // 8 completion tokens over 4 chunks at 20 tokens/s: 100 ms per chunk.
    HttpResponse<String> response = send(via.request(mock, chatBody(true),
        Map.of("chunks", 4, "completion_tokens", 8, "tokens_per_second", 20)));

    assertEquals(4, contentDeltas(events(response.body())).size());
    assertTrue(elapsedMs(started) >= 400, "stream took " + elapsedMs(started) + " ms");
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void should_reply_with_the_text_split_at_words_when_content_is_set(Via via) {
    Map<String, Object> knobs = Map.of("content", "Hello there, \"world\"!", "chunks", 3);

    List<String> deltas = contentDeltas(events(send(via.request(mock, chatBody(true), knobs)).body()));
    JsonNode completion = json(send(via.request(mock, chatBody(false), knobs)).body());

    assertEquals(List.of("Hello", " there,", " \"world\"!"), deltas);
    assertEquals("Hello there, \"world\"!",
        completion.get("choices").get(0).get("message").get("content").asText());
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void should_report_those_token_counts_when_prompt_and_completion_tokens_are_set(Via via) {
    JsonNode usage = json(send(via.request(mock, chatBody(false),
        Map.of("prompt_tokens", 1000, "completion_tokens", 250))).body()).get("usage");

    assertEquals(1000, usage.get("prompt_tokens").asInt());
    assertEquals(250, usage.get("completion_tokens").asInt());
    assertEquals(1250, usage.get("total_tokens").asInt());
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void should_estimate_prompt_tokens_from_the_messages_when_prompt_tokens_is_auto(Via via) {
    var shortBody = chatBody(false);
    var longBody = chatBody(false);
    longBody.withArray("messages").addObject().put("role", "user").put("content", "word ".repeat(400));

    int shortTokens = promptTokens(send(via.request(mock, shortBody, Map.of("prompt_tokens", "auto"))));
    int longTokens = promptTokens(send(via.request(mock, longBody, Map.of("prompt_tokens", -1))));

    assertTrue(shortTokens > 0 && longTokens > shortTokens + 400, shortTokens + " vs " + longTokens);
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void should_answer_with_that_status_and_body_when_status_and_error_body_are_set(Via via) {
    String error = "{\"error\":{\"message\":\"Slow down\",\"type\":\"requests\",\"param\":null,"
        + "\"code\":\"rate_limit_exceeded\"}}";

    HttpResponse<String> response = send(via.request(mock, chatBody(true),
        Map.of("status", 429, "error_body", error, "retry_after", "7")));

    assertEquals(429, response.statusCode());
    assertEquals(error, response.body());
    assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
    assertEquals("7", response.headers().firstValue("retry-after").orElseThrow());
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void should_send_a_retry_after_header_when_retry_after_is_set(Via via) {
    HttpResponse<String> response = send(via.request(mock, chatBody(true), Map.of("retry_after", "3")));

    assertEquals(200, response.statusCode());
    assertEquals("3", response.headers().firstValue("retry-after").orElseThrow());
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void should_answer_an_openai_error_for_the_status_when_only_status_is_set(Via via) {
    HttpResponse<String> response = send(via.request(mock, chatBody(false), Map.of("status", 503)));

    assertEquals(503, response.statusCode());
    ChatCompletionTest.assertOpenAiError(json(response.body()), "server_error");
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void should_fail_the_client_with_a_connection_error_when_reset_is_set(Via via) {
    HttpRequest request = via.request(mock, chatBody(false), Map.of("reset", true));

    assertThrows(IOException.class, () -> CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void should_fail_the_client_body_without_done_when_truncate_after_is_set(Via via) throws Exception {
    HttpResponse<InputStream> response = CLIENT.send(
        via.request(mock, chatBody(true), Map.of("chunks", 5, "truncate_after", 2)),
        HttpResponse.BodyHandlers.ofInputStream());
    List<String> data = new ArrayList<>();
    boolean bodyFailed = false;
    try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = body.readLine(); line != null; line = body.readLine()) {
        if (line.startsWith("data: ")) {
          data.add(line.substring("data: ".length()));
        }
      }
    } catch (IOException expected) {
      bodyFailed = true;
    }

    // The JDK client may drop already received bytes once the connection fails, so only the
    // failure is certain here; the exact bytes are checked on a raw socket below.
    assertTrue(bodyFailed, "the chunked body should end abruptly, got " + data);
    assertTrue(contentDeltas(data).size() <= 2, data.toString());
    assertFalse(data.contains("[DONE]"));
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void should_close_after_that_many_chunks_without_the_last_chunk_when_truncate_after_is_set(Via via)
      throws IOException {
    ObjectNode body = chatBody(true);
    String headers = "";
    if (via == Via.BODY) {
      body.putObject("mock").put("chunks", 5).put("truncate_after", 2);
    } else {
      headers = "x-mock-chunks: 5\r\nx-mock-truncate-after: 2\r\n";
    }
    String wire;
    try (Socket socket = RawHttp.connect(mock)) {
      RawHttp.writeChat(socket, "HTTP/1.1", headers, body.toString());
      wire = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    assertTrue(wire.contains("transfer-encoding: chunked"), wire);
    assertEquals(2, wire.split("\"delta\":\\{\"content\":", -1).length - 1, wire);
    assertFalse(wire.contains("[DONE]") || wire.contains("\"finish_reason\":\"stop\""), wire);
    assertFalse(wire.endsWith("0\r\n\r\n"), "the chunked body must not be terminated: " + wire);
  }

  @Test
  void should_prefer_the_header_over_the_body_when_both_set_a_knob() {
    var body = chatBody(false);
    body.putObject("mock").put("content", "from body").put("status", 200);
    HttpRequest request = Http.chatRequest(mock).header("x-mock-content", "from header")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();

    JsonNode completion = json(send(request).body());

    assertEquals("from header", completion.get("choices").get(0).get("message").get("content").asText());
  }

  @Test
  void should_prefer_the_body_over_the_default_when_the_server_has_defaults() {
    try (MockUpstream custom = MockUpstream.start(MockOptions.defaults()
        .withDefaultBehavior(MockBehavior.defaults().withContent("server default").withStatus(500)))) {
      JsonNode failed = json(Http.post(custom, chatBody(false).toString()).body());
      var body = chatBody(false);
      body.putObject("mock").put("status", 200);
      JsonNode completion = json(Http.post(custom, body.toString()).body());

      assertEquals("server_error", failed.get("error").get("type").asText());
      assertEquals("server default", completion.get("choices").get(0).get("message").get("content").asText());
    }
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void should_answer_400_naming_the_knob_when_a_knob_value_is_invalid(Via via) {
    HttpResponse<String> response = send(via.request(mock, chatBody(false), Map.of("chunks", "many")));

    assertEquals(400, response.statusCode());
    assertTrue(json(response.body()).get("error").get("message").asText().contains("chunks"), response.body());
  }

  private static int promptTokens(HttpResponse<String> response) {
    return json(response.body()).get("usage").get("prompt_tokens").asInt();
  }

  private static long elapsedMs(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }
}
