package dev.caravan.mock;

import static dev.caravan.mock.ChatCompletionTest.names;
import static dev.caravan.mock.Http.json;
import static dev.caravan.mock.Http.postTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/messages} in Anthropic's wire format, over real HTTP. */
class AnthropicMessagesTest {
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

  static ObjectNode messages(boolean stream) {
    ObjectNode body = Http.JSON.createObjectNode().put("model", "claude-sonnet-4-5").put("max_tokens", 256);
    body.putArray("messages").addObject().put("role", "user").put("content", "Say hello");
    if (stream) {
      body.put("stream", true);
    }
    return body;
  }

  @Test
  void should_answer_a_message_object_when_not_streaming() {
    HttpResponse<String> response = postTo(mock, "/v1/messages", messages(false).toString());

    assertEquals(200, response.statusCode());
    JsonNode body = json(response.body());
    assertEquals(List.of("id", "type", "role", "content", "model", "stop_reason", "stop_sequence", "usage"), names(body));
    assertTrue(body.get("id").asText().startsWith("msg_"), body.toString());
    assertEquals("message", body.get("type").asText());
    assertEquals("assistant", body.get("role").asText());
    assertEquals("claude-sonnet-4-5", body.get("model").asText());
    assertEquals("text", body.at("/content/0/type").asText());
    assertEquals(MockBehavior.DEFAULT_CONTENT, body.at("/content/0/text").asText());
    assertEquals("end_turn", body.get("stop_reason").asText());
    assertTrue(body.get("stop_sequence").isNull());
    assertEquals(List.of("input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens", "output_tokens"),
        names(body.get("usage")));
    assertEquals(12, body.at("/usage/input_tokens").asInt());
    assertEquals(5, body.at("/usage/output_tokens").asInt());
  }

  @Test
  void should_stream_the_exact_anthropic_event_sequence_when_streaming() {
    HttpResponse<String> response = postTo(mock, "/v1/messages", messages(true).toString(), "x-mock-chunks", "3");

    assertEquals(200, response.statusCode());
    assertEquals("text/event-stream", response.headers().firstValue("content-type").orElseThrow());
    List<Http.Event> events = Http.namedEvents(response.body(), "\n\n");
    assertEquals(List.of("message_start", "content_block_start", "ping", "content_block_delta",
        "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"),
        events.stream().map(Http.Event::name).toList());
    for (Http.Event event : events) {
      assertEquals(event.name(), event.json().get("type").asText(), "data type matches the event name");
    }
    JsonNode start = events.get(0).json().get("message");
    assertEquals("claude-sonnet-4-5", start.get("model").asText());
    assertEquals(0, start.get("content").size());
    assertTrue(start.get("stop_reason").isNull());
    assertEquals(12, start.at("/usage/input_tokens").asInt());
    assertEquals("text", events.get(1).json().at("/content_block/type").asText());
    StringBuilder text = new StringBuilder();
    for (Http.Event delta : events.subList(3, 6)) {
      assertEquals("text_delta", delta.json().at("/delta/type").asText());
      text.append(delta.json().at("/delta/text").asText());
    }
    assertEquals(MockBehavior.DEFAULT_CONTENT, text.toString());
    JsonNode messageDelta = events.get(7).json();
    assertEquals("end_turn", messageDelta.at("/delta/stop_reason").asText());
    assertEquals(3, messageDelta.at("/usage/output_tokens").asInt());
  }

  @Test
  void should_answer_400_naming_max_tokens_when_it_is_missing() {
    ObjectNode body = messages(false);
    body.remove("max_tokens");

    HttpResponse<String> response = postTo(mock, "/v1/messages", body.toString());

    assertEquals(400, response.statusCode());
    assertAnthropicError(json(response.body()), "invalid_request_error", "max_tokens: Field required");
  }

  @Test
  void should_answer_400_naming_the_header_when_anthropic_version_is_missing() {
    HttpResponse<String> response = Http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + mock.port() + "/v1/messages"))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(messages(false).toString())).build());

    assertEquals(400, response.statusCode());
    assertAnthropicError(json(response.body()), "invalid_request_error", "anthropic-version: header is required");
    assertEquals(0, mock.callCount("claude-sonnet-4-5"));
  }

  @Test
  void should_answer_400_naming_messages_when_they_are_missing() {
    ObjectNode body = messages(false);
    body.remove("messages");

    HttpResponse<String> response = postTo(mock, "/v1/messages", body.toString());

    assertEquals(400, response.statusCode());
    assertAnthropicError(json(response.body()), "invalid_request_error", "messages: Field required");
  }

  @Test
  void should_answer_400_naming_the_role_when_a_message_role_is_invalid() {
    ObjectNode body = messages(false);
    ((ObjectNode) body.get("messages").get(0)).put("role", "system");

    HttpResponse<String> response = postTo(mock, "/v1/messages", body.toString());

    assertEquals(400, response.statusCode());
    assertTrue(json(response.body()).at("/error/message").asText().startsWith("messages.0.role:"), response.body());
  }

  @Test
  void should_answer_400_with_an_anthropic_error_when_the_body_is_not_json() {
    HttpResponse<String> response = postTo(mock, "/v1/messages", "{nope");

    assertEquals(400, response.statusCode());
    assertEquals("invalid_request_error", json(response.body()).at("/error/type").asText());
  }

  @Test
  void should_answer_529_overloaded_error_when_the_status_knob_is_529() {
    HttpResponse<String> response = postTo(mock, "/v1/messages", messages(true).toString(),
        "x-mock-status", "529", "x-mock-retry-after", "3");

    assertEquals(529, response.statusCode());
    assertEquals("3", response.headers().firstValue("retry-after").orElseThrow());
    assertAnthropicError(json(response.body()), "overloaded_error", "Overloaded");
  }

  @Test
  void should_answer_with_a_tool_use_block_when_tool_call_is_set() {
    ObjectNode body = messages(false);
    body.putObject("mock").put("tool_call", "get_weather").putObject("tool_arguments").put("city", "Paris");

    JsonNode answer = json(postTo(mock, "/v1/messages", body.toString()).body());

    assertEquals("tool_use", answer.get("stop_reason").asText());
    JsonNode block = answer.at("/content/0");
    assertEquals(List.of("type", "id", "name", "input"), names(block));
    assertEquals("tool_use", block.get("type").asText());
    assertTrue(block.get("id").asText().startsWith("toolu_"), block.toString());
    assertEquals("get_weather", block.get("name").asText());
    assertEquals("Paris", block.at("/input/city").asText());
  }

  @Test
  void should_stream_input_json_deltas_when_tool_call_is_set_and_streaming() {
    ObjectNode body = messages(true);
    body.putObject("mock").put("chunks", 4).put("tool_call", "get_weather")
        .put("tool_arguments", "{\"city\":\"Paris\",\"unit\":\"celsius\"}");

    List<Http.Event> events = Http.namedEvents(postTo(mock, "/v1/messages", body.toString()).body(), "\n\n");

    JsonNode blockStart = events.get(1).json().get("content_block");
    assertEquals("tool_use", blockStart.get("type").asText());
    assertEquals("get_weather", blockStart.get("name").asText());
    assertEquals(0, blockStart.get("input").size());
    StringBuilder partial = new StringBuilder();
    for (Http.Event event : events.subList(3, 7)) {
      assertEquals("input_json_delta", event.json().at("/delta/type").asText());
      partial.append(event.json().at("/delta/partial_json").asText());
    }
    assertEquals("Paris", json(partial.toString()).get("city").asText());
    assertEquals("tool_use", events.get(8).json().at("/delta/stop_reason").asText());
  }

  @Test
  void should_echo_the_last_user_text_when_echo_is_set() {
    ObjectNode body = messages(false);
    body.withArray("messages").addObject().put("role", "assistant").put("content", "earlier answer");
    body.withArray("messages").addObject().put("role", "user").putArray("content")
        .addObject().put("type", "text").put("text", "What is 2+2?");
    body.putObject("mock").put("echo", true);

    JsonNode answer = json(postTo(mock, "/v1/messages", body.toString()).body());

    assertEquals("What is 2+2?", answer.at("/content/0/text").asText());
  }

  @Test
  void should_follow_the_model_script_when_one_is_set() {
    mock.script("claude-sonnet-4-5", MockScript.steps().then(b -> b.withStatus(429)));

    HttpResponse<String> first = postTo(mock, "/v1/messages", messages(false).toString());
    HttpResponse<String> second = postTo(mock, "/v1/messages", messages(false).toString());

    assertEquals(429, first.statusCode());
    assertEquals("rate_limit_error", json(first.body()).at("/error/type").asText());
    assertEquals(200, second.statusCode());
    assertEquals(2, mock.callCount("claude-sonnet-4-5"));
  }

  @Test
  void should_report_cache_tokens_when_the_knobs_are_set() {
    ObjectNode body = messages(false);
    body.putObject("mock").put("cached_tokens", 100).put("cache_creation_tokens", 20).put("prompt_tokens", 7);

    JsonNode usage = json(postTo(mock, "/v1/messages", body.toString()).body()).get("usage");

    assertEquals(7, usage.get("input_tokens").asInt());
    assertEquals(20, usage.get("cache_creation_input_tokens").asInt());
    assertEquals(100, usage.get("cache_read_input_tokens").asInt());
  }

  static void assertAnthropicError(JsonNode body, String type, String message) {
    assertEquals(List.of("type", "error"), names(body));
    assertEquals("error", body.get("type").asText());
    assertEquals(type, body.at("/error/type").asText());
    assertEquals(message, body.at("/error/message").asText());
  }
}
