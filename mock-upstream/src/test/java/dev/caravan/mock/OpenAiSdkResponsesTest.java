package dev.caravan.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, with strict validation, parses the mock's Responses and embeddings. */
class OpenAiSdkResponsesTest {
  static MockUpstream mock;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    mock = MockUpstream.start(MockOptions.defaults());
    client = OpenAIOkHttpClient.builder().baseUrl(mock.baseUrl().toString()).apiKey("sk-test")
        .maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    mock.close();
  }

  @Test
  void should_parse_a_response_with_the_openai_sdk_when_not_streaming() {
    ResponseCreateParams params = responseParams()
        .putAdditionalBodyProperty("mock", JsonValue.from(Map.of("cached_tokens", 4, "reasoning_tokens", 2)))
        .build();

    Response response = client.responses().create(params).validate();

    assertEquals(MockBehavior.DEFAULT_CONTENT,
        response.output().get(0).asMessage().content().get(0).asOutputText().text());
    assertTrue(response.model().toString().contains("gpt-4.1"), response.model().toString());
    ResponseUsage usage = response.usage().orElseThrow();
    assertEquals(12, usage.inputTokens());
    assertEquals(5, usage.outputTokens());
    assertEquals(4, usage.inputTokensDetails().cachedTokens());
    assertEquals(2, usage.outputTokensDetails().reasoningTokens());
  }

  @Test
  void should_parse_every_stream_event_with_the_openai_sdk_when_streaming() {
    StringBuilder text = new StringBuilder();
    Response completed = null;
    long events = 0;
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(responseParams().build())) {
      for (ResponseStreamEvent event : (Iterable<ResponseStreamEvent>) stream.stream()::iterator) {
        event.validate();
        events++;
        event.outputTextDelta().ifPresent(delta -> text.append(delta.delta()));
        if (event.isCompleted()) {
          completed = event.asCompleted().response();
        }
      }
    }

    assertEquals(4 + 5 + 4, events);
    assertEquals(MockBehavior.DEFAULT_CONTENT, text.toString());
    assertEquals(17, completed.usage().orElseThrow().totalTokens());
  }

  @Test
  void should_parse_a_function_call_item_with_the_openai_sdk_when_tool_call_is_set() {
    ResponseCreateParams params = responseParams().putAdditionalBodyProperty("mock", JsonValue.from(Map.of(
        "tool_call", "get_weather", "tool_arguments", "{\"city\":\"Paris\"}"))).build();

    ResponseFunctionToolCall call = client.responses().create(params).validate().output().get(0).asFunctionCall();

    assertEquals("get_weather", call.name());
    assertEquals("{\"city\":\"Paris\"}", call.arguments());
    assertTrue(call.callId().startsWith("call_"), call.callId());
  }

  @Test
  void should_raise_the_sdk_server_error_when_the_responses_status_is_500() {
    ResponseCreateParams params = responseParams().putAdditionalHeader("x-mock-status", "500").build();

    InternalServerException e = assertThrows(InternalServerException.class, () -> client.responses().create(params));

    assertEquals(500, e.statusCode());
  }

  @Test
  void should_parse_embeddings_with_the_openai_sdk() {
    EmbeddingCreateParams params = EmbeddingCreateParams.builder().model("text-embedding-3-small")
        .inputOfArrayOfStrings(List.of("first", "second")).dimensions(8).build();

    CreateEmbeddingResponse response = client.embeddings().create(params).validate();

    assertEquals(2, response.data().size());
    List<Float> first = response.data().get(0).embedding();
    assertEquals(8, first.size());
    assertEquals(1.0, Math.sqrt(first.stream().mapToDouble(v -> v * v).sum()), 1e-5, "unit length");
    assertNotEquals(first, response.data().get(1).embedding());
    assertEquals(first, client.embeddings().create(params).data().get(0).embedding(), "deterministic");
    assertEquals(12, response.usage().promptTokens());
  }

  private static ResponseCreateParams.Builder responseParams() {
    return ResponseCreateParams.builder().model("gpt-4.1").input("Say hello");
  }
}
