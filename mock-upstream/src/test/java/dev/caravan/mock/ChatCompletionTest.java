package dev.caravan.mock;

import static dev.caravan.mock.Http.chatBody;
import static dev.caravan.mock.Http.json;
import static dev.caravan.mock.Http.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatCompletionTest {
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
  }

  @Test
  void should_return_the_openai_completion_shape_when_not_streaming() {
    HttpResponse<String> response = post(mock, chatBody(false).toString());

    assertEquals(200, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
    JsonNode body = json(response.body());
    assertEquals(List.of("id", "object", "created", "model", "choices", "usage", "system_fingerprint"),
        names(body));
    assertTrue(body.get("id").asText().matches("chatcmpl-mock-\\d+"), body.toString());
    assertEquals("chat.completion", body.get("object").asText());
    long now = Instant.now().getEpochSecond();
    assertTrue(Math.abs(now - body.get("created").asLong()) < 60, body.toString());
    assertEquals("gpt-4o-mini", body.get("model").asText());
    assertEquals("fp_mock", body.get("system_fingerprint").asText());
    JsonNode choice = body.get("choices").get(0);
    assertEquals(1, body.get("choices").size());
    assertEquals(List.of("index", "message", "logprobs", "finish_reason"), names(choice));
    assertEquals(0, choice.get("index").asInt());
    assertTrue(choice.get("logprobs").isNull());
    assertEquals("stop", choice.get("finish_reason").asText());
    JsonNode message = choice.get("message");
    assertEquals(List.of("role", "content", "refusal"), names(message));
    assertEquals("assistant", message.get("role").asText());
    assertEquals(MockBehavior.DEFAULT_CONTENT, message.get("content").asText());
    assertTrue(message.get("refusal").isNull());
    JsonNode usage = body.get("usage");
    assertEquals(List.of("prompt_tokens", "completion_tokens", "total_tokens"), names(usage));
    assertEquals(12, usage.get("prompt_tokens").asInt());
    assertEquals(5, usage.get("completion_tokens").asInt());
    assertEquals(17, usage.get("total_tokens").asInt());
  }

  @Test
  void should_echo_the_requested_model_when_it_needs_json_escaping() {
    String model = "org/model \"quoted\" é";
    JsonNode body = json(post(mock, chatBody(false).put("model", model).toString()).body());

    assertEquals(model, body.get("model").asText());
  }

  @Test
  void should_answer_when_the_path_has_no_v1_prefix() {
    URI withoutV1 = URI.create("http://127.0.0.1:" + mock.port() + "/chat/completions?api-version=1");
    HttpResponse<String> response = Http.send(HttpRequest.newBuilder(withoutV1)
        .POST(HttpRequest.BodyPublishers.ofString(chatBody(false).toString())).build());

    assertEquals(200, response.statusCode());
    assertEquals("chat.completion", json(response.body()).get("object").asText());
  }

  @Test
  void should_record_the_body_and_lower_case_headers_when_a_chat_request_arrives() {
    post(mock, chatBody(false).put("user", "first").toString(), "Authorization", "Bearer sk-test",
        "X-Custom-Thing", "v1");

    assertEquals(1, mock.requestCount());
    assertEquals("first", mock.lastRequest().get("user").asText());
    assertEquals("Bearer sk-test", mock.lastRequestHeaders().get("authorization"));
    assertEquals("v1", mock.lastRequestHeaders().get("x-custom-thing"));
  }

  @Test
  void should_keep_the_last_100_bodies_oldest_first_when_more_arrive() {
    for (int i = 0; i < 105; i++) {
      post(mock, chatBody(false).put("user", "u" + i).toString());
    }

    List<JsonNode> recent = mock.recentRequests();
    assertEquals(105, mock.requestCount());
    assertEquals(100, recent.size());
    assertEquals("u5", recent.get(0).get("user").asText());
    assertEquals("u104", recent.get(99).get("user").asText());
    assertEquals("u104", mock.lastRequest().get("user").asText());
  }

  @Test
  void should_clear_counters_and_recorded_requests_when_reset() {
    post(mock, chatBody(false).toString());

    mock.reset();

    assertEquals(0, mock.requestCount());
    assertTrue(mock.recentRequests().isEmpty());
    assertNull(mock.lastRequest());
    assertTrue(mock.lastRequestHeaders().isEmpty());
    assertEquals(0, mock.cancelledStreams());
    assertEquals(0, mock.connectionCount());
  }

  @Test
  void should_list_models_when_get_models() {
    HttpResponse<String> response = Http.send(
        HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/models")).GET().build());

    assertEquals(200, response.statusCode());
    JsonNode body = json(response.body());
    assertEquals("list", body.get("object").asText());
    assertEquals("model", body.get("data").get(0).get("object").asText());
  }

  @Test
  void should_answer_404_with_an_openai_error_when_the_path_is_unknown() {
    HttpResponse<String> response = Http.send(
        HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/embeddings")).GET().build());

    assertEquals(404, response.statusCode());
    assertOpenAiError(json(response.body()), "invalid_request_error");
  }

  @Test
  void should_answer_400_when_the_body_is_not_json() {
    HttpResponse<String> response = post(mock, "{not json");

    assertEquals(400, response.statusCode());
    assertOpenAiError(json(response.body()), "invalid_request_error");
    assertEquals(1, mock.requestCount());
  }

  @Test
  void should_answer_400_naming_the_param_when_the_model_is_missing() {
    HttpResponse<String> response = post(mock, "{\"messages\":[]}");

    assertEquals(400, response.statusCode());
    assertEquals("model", json(response.body()).get("error").get("param").asText());
  }

  @Test
  void should_answer_400_naming_the_knob_when_a_mock_knob_is_unknown() {
    HttpResponse<String> response = post(mock, chatBody(false).toString(), "x-mock-latency", "5");

    assertEquals(400, response.statusCode());
    assertTrue(json(response.body()).get("error").get("message").asText().contains("'latency'"),
        response.body());
  }

  static void assertOpenAiError(JsonNode body, String type) {
    assertEquals(List.of("error"), names(body));
    JsonNode error = body.get("error");
    assertEquals(List.of("message", "type", "param", "code"), names(error));
    assertTrue(error.get("message").isTextual());
    assertEquals(type, error.get("type").asText());
  }

  static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
