package dev.caravan.mock;

import static dev.caravan.mock.Http.control;
import static dev.caravan.mock.Http.json;
import static dev.caravan.mock.Http.postTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every API request is recorded and read back through GET /_mock/requests, credentials redacted. */
class RecordedRequestsTest {
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
  void should_return_the_last_request_with_path_headers_and_body_when_last_is_1() {
    postTo(mock, "/v1/chat/completions", "{\"model\":\"gpt-4o\"}");
    postTo(mock, "/v1/messages", "{\"model\":\"claude\",\"max_tokens\":5,\"messages\":[]}",
        "x-api-key", "sk-ant-secret-value");

    HttpResponse<String> response = control(mock, "GET", "/_mock/requests?last=1", null);

    assertEquals(200, response.statusCode());
    JsonNode requests = json(response.body()).get("requests");
    assertEquals(1, requests.size());
    JsonNode last = requests.get(0);
    assertEquals("POST", last.get("method").asText());
    assertEquals("/v1/messages", last.get("path").asText());
    assertEquals("2023-06-01", last.at("/headers/anthropic-version").asText());
    assertEquals("claude", last.at("/body/model").asText());
    assertEquals(5, last.at("/body/max_tokens").asInt());
  }

  @Test
  void should_redact_credential_headers_and_key_params_when_recording() {
    postTo(mock, "/v1beta/models/gemini-2.5-flash:generateContent?key=AIzaSecret&alt=json",
        "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}", "x-goog-api-key", "AIzaOtherSecret");
    postTo(mock, "/v1/chat/completions", "{\"model\":\"gpt-4o\"}", "Authorization", "Bearer sk-live-secret");

    String body = control(mock, "GET", "/_mock/requests", null).body();

    assertFalse(body.contains("Secret") || body.contains("secret"), body);
    JsonNode requests = json(body).get("requests");
    assertEquals("key=[redacted]&alt=json", requests.get(0).get("query").asText());
    assertEquals(RecordedRequest.REDACTED, requests.get(0).at("/headers/x-goog-api-key").asText());
    assertEquals(RecordedRequest.REDACTED, requests.get(1).at("/headers/authorization").asText());
    assertEquals(RecordedRequest.REDACTED, mock.lastRecordedRequest().headers().get("authorization"));
  }

  @Test
  void should_record_a_body_that_is_not_json_as_text() {
    postTo(mock, "/v1/responses", "not json at all");

    RecordedRequest last = mock.lastRecordedRequest();
    assertEquals("/v1/responses", last.path());
    assertEquals("not json at all", last.body().asText());
  }

  @Test
  void should_forget_the_recorded_requests_when_deleted() {
    postTo(mock, "/v1/embeddings", "{\"model\":\"m\",\"input\":\"x\"}");

    HttpResponse<String> deleted = control(mock, "DELETE", "/_mock/requests", null);

    assertEquals(1, json(deleted.body()).get("deleted").asInt());
    assertTrue(json(control(mock, "GET", "/_mock/requests", null).body()).get("requests").isEmpty());
  }

  @Test
  void should_answer_400_naming_last_when_it_is_not_a_positive_integer() {
    HttpResponse<String> response = control(mock, "GET", "/_mock/requests?last=zero", null);

    assertEquals(400, response.statusCode());
    assertEquals("last", json(response.body()).at("/error/param").asText());
  }
}
