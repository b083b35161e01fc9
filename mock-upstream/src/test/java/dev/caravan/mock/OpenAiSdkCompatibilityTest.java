package dev.caravan.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official SDK, with strict validation, parses what the mock sends. */
class OpenAiSdkCompatibilityTest {
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
  void should_parse_with_the_openai_sdk_when_not_streaming() {
    ChatCompletion completion = client.chat().completions().create(params().build()).validate();

    assertEquals(MockBehavior.DEFAULT_CONTENT, completion.choices().get(0).message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
    assertEquals("gpt-4o-mini", completion.model());
    assertEquals(17, completion.usage().orElseThrow().totalTokens());
  }

  @Test
  void should_parse_with_the_openai_sdk_when_streaming_with_usage() {
    ChatCompletionCreateParams params = params()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    StringBuilder content = new StringBuilder();
    CompletionUsage usage = null;
    int chunks = 0;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
        chunk.validate();
        chunks++;
        chunk.choices().forEach(choice -> choice.delta().content().ifPresent(content::append));
        if (chunk.usage().isPresent()) {
          usage = chunk.usage().get();
        }
      }
    }

    assertEquals(1 + 5 + 1 + 1, chunks);
    assertEquals(MockBehavior.DEFAULT_CONTENT, content.toString());
    assertEquals(17, usage.totalTokens());
  }

  @Test
  void should_raise_the_sdk_rate_limit_error_when_status_is_429() {
    ChatCompletionCreateParams params = params()
        .putAdditionalBodyProperty("mock", JsonValue.from(Map.of("status", 429))).build();

    RateLimitException e = assertThrows(RateLimitException.class, () -> client.chat().completions().create(params));

    assertEquals(429, e.statusCode());
    assertTrue(e.getMessage().contains("Rate limit"), e.getMessage());
  }

  @Test
  void should_list_models_with_the_openai_sdk() {
    List<String> ids = client.models().list().data().stream().map(m -> m.validate().id()).toList();

    assertTrue(ids.contains("gpt-4o-mini"), ids.toString());
  }

  private static ChatCompletionCreateParams.Builder params() {
    return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Say hello");
  }
}
