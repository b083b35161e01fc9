package dev.caravan.mock;

import static dev.caravan.mock.Http.chatBody;
import static dev.caravan.mock.Http.contentDeltas;
import static dev.caravan.mock.Http.events;
import static dev.caravan.mock.Http.json;
import static dev.caravan.mock.Http.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamTest {
  static MockUpstream mock;

  @BeforeAll
  static void start() {
    mock = MockUpstream.start(MockOptions.defaults());
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  @Test
  void should_send_role_content_finish_and_done_events_when_stream_is_true() {
    HttpResponse<String> response = post(mock, chatBody(true).toString());

    assertEquals(200, response.statusCode());
    assertEquals("text/event-stream", response.headers().firstValue("content-type").orElseThrow());
    List<String> events = events(response.body());
    assertEquals(1 + 5 + 1 + 1, events.size(), response.body());
    assertEquals("[DONE]", events.get(events.size() - 1));
    JsonNode first = json(events.get(0));
    String id = first.get("id").asText();
    assertTrue(id.matches("chatcmpl-mock-\\d+"), id);
    for (String event : events.subList(0, events.size() - 1)) {
      JsonNode chunk = json(event);
      assertEquals(List.of("id", "object", "created", "model", "system_fingerprint", "choices"),
          ChatCompletionTest.names(chunk));
      assertEquals(id, chunk.get("id").asText());
      assertEquals("chat.completion.chunk", chunk.get("object").asText());
      assertEquals("gpt-4o-mini", chunk.get("model").asText());
      assertEquals(List.of("index", "delta", "logprobs", "finish_reason"),
          ChatCompletionTest.names(chunk.get("choices").get(0)));
    }
    assertEquals("{\"role\":\"assistant\",\"content\":\"\"}", delta(events.get(0)).toString());
    assertTrue(json(events.get(0)).get("choices").get(0).get("finish_reason").isNull());
    assertEquals(MockBehavior.DEFAULT_CONTENT, String.join("", contentDeltas(events)));
    JsonNode last = json(events.get(events.size() - 2)).get("choices").get(0);
    assertEquals("{}", last.get("delta").toString());
    assertEquals("stop", last.get("finish_reason").asText());
  }

  @Test
  void should_add_null_usage_to_each_chunk_and_a_usage_chunk_when_include_usage_is_true() {
    ObjectNode body = chatBody(true);
    body.putObject("stream_options").put("include_usage", true);

    List<String> events = events(post(mock, body.toString()).body());

    assertEquals(1 + 5 + 1 + 1 + 1, events.size());
    assertEquals("[DONE]", events.get(events.size() - 1));
    for (String event : events.subList(0, events.size() - 2)) {
      assertTrue(json(event).has("usage") && json(event).get("usage").isNull(), event);
    }
    JsonNode finish = json(events.get(events.size() - 3));
    assertEquals("stop", finish.get("choices").get(0).get("finish_reason").asText());
    JsonNode usageChunk = json(events.get(events.size() - 2));
    assertEquals(0, usageChunk.get("choices").size());
    assertEquals(12, usageChunk.get("usage").get("prompt_tokens").asInt());
    assertEquals(5, usageChunk.get("usage").get("completion_tokens").asInt());
    assertEquals(17, usageChunk.get("usage").get("total_tokens").asInt());
  }

  @Test
  void should_not_carry_usage_when_include_usage_is_absent() {
    List<String> events = events(post(mock, chatBody(true).toString()).body());

    for (String event : events.subList(0, events.size() - 1)) {
      assertFalse(json(event).has("usage"), event);
    }
  }

  @Test
  void should_return_to_zero_open_streams_when_a_stream_completes() {
    post(mock, chatBody(true).toString());

    Http.await(() -> mock.openStreams() == 0, java.time.Duration.ofSeconds(5), "open streams back to 0");
  }

  private static JsonNode delta(String event) {
    return json(event).get("choices").get(0).get("delta");
  }
}
