package dev.caravan.mock;

import static dev.caravan.mock.Http.json;
import static dev.caravan.mock.Http.postTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The replay knob answers recorded fixture files verbatim, with the other knobs still applying. */
class FixtureReplayTest {
  static Path fixtures;
  static MockUpstream mock;

  @BeforeAll
  static void start() throws URISyntaxException {
    fixtures = Path.of(FixtureReplayTest.class.getResource("/fixtures").toURI());
    mock = MockUpstream.start(MockOptions.defaults().withFixturesDir(fixtures));
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  @BeforeEach
  void clear() {
    mock.clearScripts();
  }

  static String messages(String mockKnobs) {
    return "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"mock\":" + mockKnobs + "}";
  }

  static String fixture(String name) throws IOException {
    return Files.readString(fixtures.resolve(name), StandardCharsets.UTF_8);
  }

  @Test
  void should_replay_a_recorded_sse_stream_byte_for_byte() throws IOException {
    var response = postTo(mock, "/v1/messages", messages("{\"replay\":\"anthropic/messages-stream.sse\"}"));

    assertEquals(200, response.statusCode());
    assertEquals("text/event-stream", response.headers().firstValue("content-type").orElseThrow());
    assertEquals(fixture("anthropic/messages-stream.sse"), response.body());
  }

  @Test
  void should_replay_a_crlf_framed_gemini_stream_byte_for_byte() throws IOException {
    var response = postTo(mock, "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
        "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}],\"mock\":{\"replay\":\"gemini/stream.sse\"}}");

    assertEquals(fixture("gemini/stream.sse"), response.body());
  }

  @Test
  void should_replay_a_recorded_json_body_when_the_fixture_is_json() throws IOException {
    var response = postTo(mock, "/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}",
        "x-mock-replay", "openai/chat-completion.json");

    assertEquals(200, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
    assertEquals(fixture("openai/chat-completion.json"), response.body());
  }

  @Test
  void should_send_the_fixture_with_the_status_knob_when_replaying_an_error() throws IOException {
    var response = postTo(mock, "/v1/messages", messages("{\"replay\":\"anthropic/overloaded.json\",\"status\":529}"));

    assertEquals(529, response.statusCode());
    assertEquals(fixture("anthropic/overloaded.json"), response.body());
  }

  @Test
  void should_cut_the_replayed_stream_after_n_events_when_truncate_after_is_set() throws IOException {
    String request = messages("{\"replay\":\"anthropic/messages-stream.sse\",\"truncate_after\":3}");
    try (Socket socket = RawHttp.connect(mock)) {
      // HTTP/1.0: the body is delimited by the close, so it is exactly the bytes sent before it.
      socket.getOutputStream().write(("POST /v1/messages HTTP/1.0\r\nContent-Type: application/json\r\n"
          + "anthropic-version: " + Http.ANTHROPIC_VERSION + "\r\n"
          + "Content-Length: " + request.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + request)
          .getBytes(StandardCharsets.UTF_8));
      RawHttpResponse response = RawHttpResponse.read(socket.getInputStream());

      List<String> events = List.of(fixture("anthropic/messages-stream.sse").split("(?<=\n\n)"));
      assertEquals(8, events.size());
      assertEquals(String.join("", events.subList(0, 3)), response.body());
    }
  }

  @Test
  void should_replay_from_a_script_step_for_one_call() throws IOException {
    mock.script("gpt-4o", MockScript.steps().then(b -> b.withReplay("openai/chat-completion.json")));

    String first = postTo(mock, "/v1/chat/completions", "{\"model\":\"gpt-4o\"}").body();
    String second = postTo(mock, "/v1/chat/completions", "{\"model\":\"gpt-4o\"}").body();

    assertEquals(fixture("openai/chat-completion.json"), first);
    assertEquals(MockBehavior.DEFAULT_CONTENT, json(second).at("/choices/0/message/content").asText());
  }

  @Test
  void should_answer_400_naming_replay_when_the_name_leaves_the_fixtures_directory() {
    var response = postTo(mock, "/v1/messages", messages("{\"replay\":\"../../../../etc/hostname\"}"));

    assertEquals(400, response.statusCode());
    assertTrue(json(response.body()).at("/error/message").asText().contains("replay"), response.body());
  }

  @Test
  void should_answer_400_naming_the_file_when_the_fixture_does_not_exist() {
    var response = postTo(mock, "/v1/messages", messages("{\"replay\":\"anthropic/missing.sse\"}"));

    assertEquals(400, response.statusCode());
    assertEquals("invalid_request_error", json(response.body()).at("/error/type").asText());
    assertTrue(json(response.body()).at("/error/message").asText().contains("anthropic/missing.sse"), response.body());
  }

  @Test
  void should_answer_400_when_the_mock_has_no_fixtures_directory() {
    try (MockUpstream bare = MockUpstream.start(MockOptions.defaults())) {
      var response = postTo(bare, "/v1/chat/completions", "{\"model\":\"gpt-4o\"}", "x-mock-replay", "a.json");

      assertEquals(400, response.statusCode());
      assertEquals("mock.replay", json(response.body()).at("/error/param").asText());
      assertTrue(json(response.body()).at("/error/message").asText().contains("--fixtures"), response.body());
    }
  }
}
