package dev.caravan.mock;

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
import org.junit.jupiter.api.Test;

/** {@code POST /v1/responses} in OpenAI's Responses wire format, over real HTTP. */
class ResponsesApiTest {
  static MockUpstream mock;

  @BeforeAll
  static void start() {
    mock = MockUpstream.start(MockOptions.defaults());
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  static ObjectNode request(boolean stream) {
    ObjectNode body = Http.JSON.createObjectNode().put("model", "gpt-4.1").put("input", "Say hello");
    if (stream) {
      body.put("stream", true);
    }
    return body;
  }

  @Test
  void should_answer_a_completed_response_with_one_message_item_when_not_streaming() {
    JsonNode body = json(postTo(mock, "/v1/responses", request(false).toString()).body());

    assertTrue(body.get("id").asText().startsWith("resp_"), body.toString());
    assertEquals("response", body.get("object").asText());
    assertEquals("completed", body.get("status").asText());
    assertEquals("gpt-4.1", body.get("model").asText());
    JsonNode item = body.at("/output/0");
    assertEquals("message", item.get("type").asText());
    assertEquals("assistant", item.get("role").asText());
    assertEquals("output_text", item.at("/content/0/type").asText());
    assertEquals(MockBehavior.DEFAULT_CONTENT, item.at("/content/0/text").asText());
    JsonNode usage = body.get("usage");
    assertEquals(12, usage.get("input_tokens").asInt());
    assertEquals(0, usage.at("/input_tokens_details/cached_tokens").asInt());
    assertEquals(5, usage.get("output_tokens").asInt());
    assertEquals(0, usage.at("/output_tokens_details/reasoning_tokens").asInt());
    assertEquals(17, usage.get("total_tokens").asInt());
  }

  @Test
  void should_stream_the_responses_events_in_order_with_sequence_numbers_when_streaming() {
    HttpResponse<String> response = postTo(mock, "/v1/responses", request(true).toString(), "x-mock-chunks", "2");

    assertEquals("text/event-stream", response.headers().firstValue("content-type").orElseThrow());
    List<Http.Event> events = Http.namedEvents(response.body(), "\n\n");
    assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
        "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
        "response.output_text.done", "response.content_part.done", "response.output_item.done",
        "response.completed"), events.stream().map(Http.Event::name).toList());
    for (int i = 0; i < events.size(); i++) {
      assertEquals(events.get(i).name(), events.get(i).json().get("type").asText());
      assertEquals(i, events.get(i).json().get("sequence_number").asInt());
    }
    assertEquals("in_progress", events.get(0).json().at("/response/status").asText());
    assertEquals(MockBehavior.DEFAULT_CONTENT, events.get(6).json().get("text").asText());
    assertEquals("completed", events.get(9).json().at("/response/status").asText());
    assertEquals(MockBehavior.DEFAULT_CONTENT, events.get(9).json().at("/response/output/0/content/0/text").asText());
  }

  @Test
  void should_stream_function_call_argument_deltas_when_tool_call_is_set() {
    ObjectNode body = request(true);
    body.putObject("mock").put("chunks", 2).put("tool_call", "lookup").put("tool_arguments", "{\"q\":\"caravan\"}");

    List<Http.Event> events = Http.namedEvents(postTo(mock, "/v1/responses", body.toString()).body(), "\n\n");

    assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
        "response.function_call_arguments.delta", "response.function_call_arguments.delta",
        "response.function_call_arguments.done", "response.output_item.done", "response.completed"),
        events.stream().map(Http.Event::name).toList());
    assertEquals("function_call", events.get(2).json().at("/item/type").asText());
    assertEquals("{\"q\":\"caravan\"}", events.get(5).json().get("arguments").asText());
    assertEquals("lookup", events.get(7).json().at("/response/output/0/name").asText());
  }

  @Test
  void should_echo_the_last_user_input_item_when_echo_is_set() {
    ObjectNode body = Http.JSON.createObjectNode().put("model", "gpt-4.1");
    body.putArray("input").addObject().put("role", "user").putArray("content")
        .addObject().put("type", "input_text").put("text", "ping?");
    body.putObject("mock").put("echo", true);

    JsonNode answer = json(postTo(mock, "/v1/responses", body.toString()).body());

    assertEquals("ping?", answer.at("/output/0/content/0/text").asText());
  }

  @Test
  void should_answer_400_naming_model_when_it_is_missing() {
    HttpResponse<String> response = postTo(mock, "/v1/responses", "{\"input\":\"hi\"}");

    assertEquals(400, response.statusCode());
    assertEquals("model", json(response.body()).at("/error/param").asText());
    assertEquals("invalid_request_error", json(response.body()).at("/error/type").asText());
  }
}
