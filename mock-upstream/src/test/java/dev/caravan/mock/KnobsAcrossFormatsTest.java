package dev.caravan.mock;

import static dev.caravan.mock.Http.json;
import static dev.caravan.mock.Http.postTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The behaviour knobs and scripts work the same on every wire format. */
class KnobsAcrossFormatsTest {
  static MockUpstream mock;

  /**
   * One endpoint: its path, a valid streaming request with a {@code %s} for the mock object, the
   * pattern of one content event in its stream, and where its error body keeps the error's kind.
   */
  enum Format {
    OPENAI_CHAT("/v1/chat/completions",
        "{\"model\":\"m-chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"mock\":%s}",
        Pattern.quote("\"delta\":{\"content\""), "/error/type"),
    ANTHROPIC("/v1/messages",
        "{\"model\":\"m-anthropic\",\"max_tokens\":9,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
            + "\"mock\":%s}", Pattern.quote("event: content_block_delta"), "/error/type"),
    RESPONSES("/v1/responses", "{\"model\":\"m-responses\",\"stream\":true,\"input\":\"hi\",\"mock\":%s}",
        Pattern.quote("event: response.output_text.delta"), "/error/type"),
    GEMINI("/v1beta/models/m-gemini:streamGenerateContent?alt=sse",
        "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}],\"mock\":%s}",
        "\"parts\":\\[\\{\"text\":\"[^\"]", "/error/status"); // the last chunk's empty text is not content

    final String path;
    final String template;
    final Pattern contentEvent;
    final String errorKind;

    Format(String path, String template, String contentEventRegex, String errorKind) {
      this.path = path;
      this.template = template;
      this.contentEvent = Pattern.compile(contentEventRegex);
      this.errorKind = errorKind;
    }

    String body(String mockKnobs) {
      return template.formatted(mockKnobs);
    }

    String model() {
      return path.contains("m-gemini") ? "m-gemini" : "m-" + name().toLowerCase().replace("openai_", "");
    }
  }

  @BeforeAll
  static void start() {
    mock = MockUpstream.start(MockOptions.defaults());
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  @BeforeEach
  void clear() {
    mock.clearScripts();
    mock.reset();
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void should_pace_the_content_events_when_chunk_interval_ms_is_set(Format format) {
    long start = System.nanoTime();
    String body = postTo(mock, format.path, format.body("{\"chunks\":4,\"chunk_interval_ms\":60,\"latency_ms\":40}"))
        .body();
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    assertEquals(4, count(format.contentEvent, body), body);
    assertTrue(elapsedMs >= 40 + 4 * 60, "took " + elapsedMs + " ms");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void should_close_after_n_content_events_when_truncate_after_is_set(Format format) throws IOException {
    String body = http10(format.path, format.body("{\"chunks\":5,\"truncate_after\":2}"));

    assertEquals(2, count(format.contentEvent, body), body);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void should_reset_the_connection_when_reset_is_set(Format format) {
    assertThrows(UncheckedIOException.class, () -> postTo(mock, format.path, format.body("{\"reset\":true}")));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void should_answer_the_formats_error_body_when_a_script_step_sets_503(Format format) {
    mock.script(format.model(), MockScript.steps().then(b -> b.withStatus(503).withRetryAfter("2")));

    var first = postTo(mock, format.path, format.body("{}"));
    var second = postTo(mock, format.path, format.body("{}"));

    assertEquals(503, first.statusCode());
    assertEquals("2", first.headers().firstValue("retry-after").orElseThrow());
    JsonNode error = json(first.body());
    assertTrue(error.at(format.errorKind).isTextual(), first.body());
    assertEquals(200, second.statusCode());
    assertEquals(2, mock.callCount(format.model()));
  }

  @Test
  void should_apply_the_same_knobs_to_embeddings_and_images_when_status_and_latency_are_set() {
    long start = System.nanoTime();
    var embeddings = postTo(mock, "/v1/embeddings", "{\"model\":\"e\",\"input\":\"x\"}",
        "x-mock-latency-ms", "80", "x-mock-status", "429");
    var images = postTo(mock, "/v1/images/generations", "{\"prompt\":\"x\",\"mock\":{\"status\":400}}");

    assertTrue((System.nanoTime() - start) / 1_000_000 >= 80);
    assertEquals(429, embeddings.statusCode());
    assertEquals("rate_limit_exceeded", json(embeddings.body()).at("/error/code").asText());
    assertEquals(400, images.statusCode());
  }

  private static int count(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** The body of an HTTP/1.0 exchange: whatever came before the mock closed the connection. */
  private static String http10(String path, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = RawHttp.connect(mock)) {
      socket.getOutputStream().write(("POST " + path + " HTTP/1.0\r\nContent-Type: application/json\r\n"
          + "anthropic-version: " + Http.ANTHROPIC_VERSION + "\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(body);
      return RawHttpResponse.read(socket.getInputStream()).body();
    }
  }
}
