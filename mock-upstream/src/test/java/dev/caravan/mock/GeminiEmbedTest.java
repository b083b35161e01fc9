package dev.caravan.mock;

import static dev.caravan.mock.Http.json;
import static dev.caravan.mock.Http.postTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Gemini's batchEmbedContents, over real HTTP. */
class GeminiEmbedTest {
  static final String EMBED = "/v1beta/models/gemini-embedding-001:batchEmbedContents";
  static MockUpstream mock;

  @BeforeAll
  static void start() {
    mock = MockUpstream.start(MockOptions.defaults());
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  private static String request(String model, String... texts) {
    StringBuilder body = new StringBuilder("{\"requests\":[");
    for (int i = 0; i < texts.length; i++) {
      body.append(i == 0 ? "" : ",").append("{\"model\":\"").append(model)
          .append("\",\"content\":{\"parts\":[{\"text\":\"").append(texts[i]).append("\"}]},\"outputDimensionality\":8}");
    }
    return body.append("]}").toString();
  }

  @Test
  void should_answer_one_embedding_per_request_in_order_when_batch_embedding() {
    HttpResponse<String> response = postTo(mock, EMBED, request("models/gemini-embedding-001", "a", "b", "a"));

    assertEquals(200, response.statusCode(), response.body());
    JsonNode embeddings = json(response.body()).get("embeddings");
    assertEquals(3, embeddings.size());
    assertEquals(8, embeddings.get(0).get("values").size());
    assertEquals(embeddings.get(0), embeddings.get(2));
    assertNotEquals(embeddings.get(0), embeddings.get(1));
    assertFalse(json(response.body()).has("usageMetadata"), "Gemini reports no tokens for embeddings");
  }

  @Test
  void should_answer_3072_values_when_no_output_dimensionality_is_set() {
    HttpResponse<String> response = postTo(mock, EMBED,
        "{\"requests\":[{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"x\"}]}}]}");

    assertEquals(3072, json(response.body()).at("/embeddings/0/values").size(), response.body());
  }

  @Test
  void should_refuse_with_a_gemini_400_when_a_request_names_another_model() {
    HttpResponse<String> response = postTo(mock, EMBED, request("models/other", "a"));

    assertEquals(400, response.statusCode());
    JsonNode error = json(response.body()).get("error");
    assertEquals("INVALID_ARGUMENT", error.get("status").asText(), response.body());
    assertTrue(error.get("message").asText().contains("requests[0].model"), response.body());
  }

  @Test
  void should_refuse_with_a_gemini_400_when_requests_are_missing() {
    HttpResponse<String> response = postTo(mock, EMBED, "{}");

    assertEquals(400, response.statusCode());
    assertTrue(json(response.body()).at("/error/message").asText().contains("requests"), response.body());
  }
}
