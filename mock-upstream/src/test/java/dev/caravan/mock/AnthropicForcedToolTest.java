package dev.caravan.mock;

import static dev.caravan.mock.Http.json;
import static dev.caravan.mock.Http.postTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Messages request forcing a tool ({@code tool_choice: {type: tool}}) is answered with that tool's input made from its schema. */
class AnthropicForcedToolTest {
  static MockUpstream mock;

  static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\"},"
      + "\"ok\":{\"type\":\"boolean\"},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
      + "\"kind\":{\"type\":\"string\",\"enum\":[\"cat\",\"dog\"]},\"nick\":{\"type\":[\"string\",\"null\"]},"
      + "\"address\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"zip\":{\"type\":\"string\"}},\"required\":[\"city\"]}},"
      + "\"required\":[\"name\",\"age\",\"ok\",\"tags\",\"kind\",\"nick\",\"address\"]}";

  static final String EXPECTED = "{\"name\":\"example\",\"age\":1,\"ok\":true,\"tags\":[],\"kind\":\"cat\",\"nick\":\"example\","
      + "\"address\":{\"city\":\"example\"}}";

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

  static ObjectNode forced(boolean stream, String toolName) {
    ObjectNode body = AnthropicMessagesTest.messages(stream);
    body.putArray("tools").addObject().put("name", "person").set("input_schema", json(SCHEMA));
    body.putObject("tool_choice").put("type", "tool").put("name", toolName);
    return body;
  }

  @Test
  void should_answer_a_tool_use_filled_from_the_schema_when_the_request_forces_a_tool() {
    HttpResponse<String> response = postTo(mock, "/v1/messages", forced(false, "person").toString());

    assertEquals(200, response.statusCode(), response.body());
    JsonNode body = json(response.body());
    assertEquals("tool_use", body.at("/content/0/type").asText());
    assertEquals("person", body.at("/content/0/name").asText());
    assertEquals(json(EXPECTED), body.at("/content/0/input"));
    assertEquals("tool_use", body.get("stop_reason").asText());
  }

  @Test
  void should_stream_the_schema_filled_input_as_input_json_deltas_when_the_request_forces_a_tool() {
    HttpResponse<String> response = postTo(mock, "/v1/messages", forced(true, "person").toString());

    assertEquals(200, response.statusCode(), response.body());
    StringBuilder partial = new StringBuilder();
    String stopReason = null;
    for (Http.Event event : Http.namedEvents(response.body(), "\n\n")) {
      JsonNode data = json(event.data());
      if ("input_json_delta".equals(data.at("/delta/type").asText())) {
        partial.append(data.at("/delta/partial_json").asText());
      }
      if ("message_delta".equals(data.path("type").asText())) {
        stopReason = data.at("/delta/stop_reason").asText();
      }
    }
    assertEquals(json(EXPECTED), json(partial.toString()));
    assertEquals("tool_use", stopReason);
  }

  @Test
  void should_refuse_naming_tool_choice_when_the_forced_tool_is_not_declared() {
    HttpResponse<String> response = postTo(mock, "/v1/messages", forced(false, "missing").toString());

    assertEquals(400, response.statusCode());
    assertTrue(response.body().contains("tool_choice.name"), response.body());
  }

  @Test
  void should_answer_text_when_tool_choice_is_auto() {
    ObjectNode body = forced(false, "person");
    body.putObject("tool_choice").put("type", "auto");

    assertEquals("text", json(postTo(mock, "/v1/messages", body.toString()).body()).at("/content/0/type").asText());
  }
}
