package dev.caravan.mock;

import static dev.caravan.mock.Http.json;
import static dev.caravan.mock.Http.postTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gemini's generateContent and streamGenerateContent, over real HTTP. */
class GeminiTest {
  static final String GENERATE = "/v1beta/models/gemini-2.5-flash:generateContent";
  static final String STREAM = "/v1beta/models/gemini-2.5-flash:streamGenerateContent";
  static MockUpstream mock;

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
    mock.reset();
    mock.clearScripts();
  }

  static ObjectNode request() {
    ObjectNode body = Http.JSON.createObjectNode();
    body.putArray("contents").addObject().put("role", "user").putArray("parts").addObject().put("text", "Say hello");
    return body;
  }

  @Test
  void should_answer_a_generate_content_response_when_not_streaming() {
    HttpResponse<String> response = postTo(mock, GENERATE, request().toString());

    assertEquals(200, response.statusCode());
    JsonNode body = json(response.body());
    JsonNode candidate = body.at("/candidates/0");
    assertEquals("model", candidate.at("/content/role").asText());
    assertEquals(MockBehavior.DEFAULT_CONTENT, candidate.at("/content/parts/0/text").asText());
    assertEquals("STOP", candidate.get("finishReason").asText());
    assertEquals("gemini-2.5-flash", body.get("modelVersion").asText());
    JsonNode usage = body.get("usageMetadata");
    assertEquals(12, usage.get("promptTokenCount").asInt());
    assertEquals(5, usage.get("candidatesTokenCount").asInt());
    assertEquals(17, usage.get("totalTokenCount").asInt());
    assertFalse(usage.has("thoughtsTokenCount"));
  }

  @Test
  void should_report_thoughts_and_cached_tokens_when_the_knobs_are_set() {
    ObjectNode body = request();
    body.putObject("mock").put("reasoning_tokens", 30).put("cached_tokens", 8);

    JsonNode usage = json(postTo(mock, GENERATE, body.toString()).body()).get("usageMetadata");

    assertEquals(30, usage.get("thoughtsTokenCount").asInt());
    assertEquals(8, usage.get("cachedContentTokenCount").asInt());
    assertEquals(12 + 5 + 30, usage.get("totalTokenCount").asInt());
  }

  @Test
  void should_stream_sse_chunks_framed_with_crlf_when_alt_is_sse() {
    HttpResponse<String> response = postTo(mock, STREAM + "?alt=sse", request().toString(), "x-mock-chunks", "3");

    assertEquals("text/event-stream", response.headers().firstValue("content-type").orElseThrow());
    List<Http.Event> events = Http.namedEvents(response.body(), "\r\n\r\n");
    assertEquals(4, events.size());
    StringBuilder text = new StringBuilder();
    for (Http.Event event : events) {
      text.append(event.json().at("/candidates/0/content/parts/0/text").asText());
    }
    assertEquals(MockBehavior.DEFAULT_CONTENT, text.toString());
    assertFalse(events.get(0).json().at("/candidates/0").has("finishReason"));
    JsonNode last = events.get(3).json();
    assertEquals("STOP", last.at("/candidates/0/finishReason").asText());
    assertEquals(3, last.at("/usageMetadata/candidatesTokenCount").asInt());
  }

  @Test
  void should_stream_a_json_array_when_alt_is_not_sse() {
    HttpResponse<String> response = postTo(mock, STREAM, request().toString(), "x-mock-chunks", "2");

    assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
    JsonNode array = json(response.body());
    assertEquals(3, array.size());
    assertEquals("STOP", array.at("/2/candidates/0/finishReason").asText());
  }

  @Test
  void should_answer_a_function_call_part_when_tool_call_is_set() {
    ObjectNode body = request();
    body.putArray("tools").addObject().putArray("functionDeclarations").addObject().put("name", "get_weather");
    body.putObject("mock").put("tool_call", "*").put("tool_arguments", "{\"city\":\"Paris\"}");

    JsonNode part = json(postTo(mock, GENERATE, body.toString()).body()).at("/candidates/0/content/parts/0");

    assertEquals("get_weather", part.at("/functionCall/name").asText());
    assertEquals("Paris", part.at("/functionCall/args/city").asText());
  }

  @Test
  void should_answer_400_invalid_argument_when_contents_are_missing() {
    HttpResponse<String> response = postTo(mock, GENERATE, "{}");

    assertEquals(400, response.statusCode());
    JsonNode error = json(response.body()).get("error");
    assertEquals(400, error.get("code").asInt());
    assertEquals("INVALID_ARGUMENT", error.get("status").asText());
    assertTrue(error.get("message").asText().contains("contents"), error.toString());
  }

  @Test
  void should_follow_the_script_of_the_model_named_in_the_url() {
    mock.script("gemini-2.5-flash", MockScript.steps().then(b -> b.withStatus(429)));

    HttpResponse<String> first = postTo(mock, GENERATE, request().toString());
    HttpResponse<String> second = postTo(mock, GENERATE, request().toString());

    assertEquals(429, first.statusCode());
    assertEquals("RESOURCE_EXHAUSTED", json(first.body()).at("/error/status").asText());
    assertEquals(200, second.statusCode());
  }
}
