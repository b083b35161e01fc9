package dev.caravan.mock;

import static dev.caravan.mock.Http.chatBody;
import static dev.caravan.mock.Http.json;
import static dev.caravan.mock.Http.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tool calls, echo and token details in OpenAI chat completions. */
class ChatToolCallTest {
  static MockUpstream mock;

  @BeforeAll
  static void start() {
    mock = MockUpstream.start(MockOptions.defaults());
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  static ObjectNode withTool(boolean stream) {
    ObjectNode body = chatBody(stream);
    body.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "get_weather");
    return body;
  }

  @Test
  void should_answer_tool_calls_with_finish_reason_tool_calls_when_tool_call_is_set() {
    ObjectNode body = withTool(false);
    body.putObject("mock").put("tool_call", "get_weather").putObject("tool_arguments").put("city", "Paris");

    JsonNode choice = json(post(mock, body.toString()).body()).at("/choices/0");

    assertEquals("tool_calls", choice.get("finish_reason").asText());
    JsonNode message = choice.get("message");
    assertTrue(message.get("content").isNull());
    JsonNode call = message.at("/tool_calls/0");
    assertTrue(call.get("id").asText().startsWith("call_"), call.toString());
    assertEquals("function", call.get("type").asText());
    assertEquals("get_weather", call.at("/function/name").asText());
    assertEquals("{\"city\":\"Paris\"}", call.at("/function/arguments").asText());
  }

  @Test
  void should_stream_tool_call_argument_deltas_when_tool_call_is_set_and_streaming() {
    ObjectNode body = withTool(true);
    body.putObject("mock").put("chunks", 3).put("tool_call", "*").put("tool_arguments", "{\"city\":\"Paris\"}");

    List<String> events = Http.events(post(mock, body.toString()).body());

    JsonNode first = json(events.get(0)).at("/choices/0/delta");
    assertEquals("assistant", first.get("role").asText());
    assertEquals("get_weather", first.at("/tool_calls/0/function/name").asText());
    StringBuilder arguments = new StringBuilder();
    for (String event : events.subList(1, 4)) {
      arguments.append(json(event).at("/choices/0/delta/tool_calls/0/function/arguments").asText());
    }
    assertEquals("{\"city\":\"Paris\"}", arguments.toString());
    assertEquals("tool_calls", json(events.get(4)).at("/choices/0/finish_reason").asText());
    assertEquals("[DONE]", events.get(5));
  }

  @Test
  void should_answer_400_naming_tools_when_tool_call_is_star_and_no_tool_is_declared() {
    long calls = mock.callCount("gpt-4o-mini");

    HttpResponse<String> response = post(mock, chatBody(false).toString(), "x-mock-tool-call", "*");

    assertEquals(400, response.statusCode());
    assertEquals("tools", json(response.body()).at("/error/param").asText());
    assertEquals(calls, mock.callCount("gpt-4o-mini"), "a refused request uses up no script step");
  }

  @Test
  void should_answer_400_naming_the_knob_when_tool_arguments_are_not_an_object() {
    HttpResponse<String> response = post(mock, chatBody(false).toString(), "x-mock-tool-arguments", "[1]");

    assertEquals(400, response.statusCode());
    assertTrue(json(response.body()).at("/error/message").asText().contains("tool_arguments"), response.body());
  }

  @Test
  void should_echo_the_last_user_message_when_echo_is_set() {
    ObjectNode body = chatBody(false);
    body.withArray("messages").addObject().put("role", "user").putArray("content")
        .addObject().put("type", "text").put("text", "second question");

    JsonNode answer = json(post(mock, body.toString(), "x-mock-echo", "true").body());

    assertEquals("second question", answer.at("/choices/0/message/content").asText());
  }

  @Test
  void should_add_token_details_to_usage_when_cached_or_reasoning_tokens_are_set() {
    ObjectNode body = chatBody(false);
    body.putObject("mock").put("cached_tokens", 6).put("reasoning_tokens", 3);

    JsonNode usage = json(post(mock, body.toString()).body()).get("usage");

    assertEquals(6, usage.at("/prompt_tokens_details/cached_tokens").asInt());
    assertEquals(3, usage.at("/completion_tokens_details/reasoning_tokens").asInt());
  }
}
