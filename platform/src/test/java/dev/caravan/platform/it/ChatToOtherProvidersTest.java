package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI SDK's chat completions through the gateway to providers that speak other wire
 * formats: the Anthropic plugin in front of the mock's {@code /v1/messages}, the Gemini plugin in
 * front of the mock's {@code generateContent}. The client cannot tell.
 */
class ChatToOtherProvidersTest extends FamiliesGatewayTest {

    private static ChatCompletionCreateParams hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addSystemMessage("Be brief.").addUserMessage("Say hello").build();
    }

    @Test
    void should_answer_a_chat_completion_from_an_anthropic_target() {
        ChatCompletion completion = gateway.openai(TestGateway.KEY).chat().completions().create(hello("claude"));

        assertFalse(completion.choices().get(0).message().content().orElse("").isBlank());
        assertEquals("/v1/messages", mock.lastRecordedRequest().path());
        assertEquals("Be brief.", mock.lastRequest().get("system").isTextual()
                ? mock.lastRequest().get("system").asText() : mock.lastRequest().get("system").get(0).get("text").asText());
        assertTrue(completion.usage().orElseThrow().completionTokens() > 0);
    }

    @Test
    void should_stream_a_chat_completion_from_an_anthropic_target() {
        String text;
        try (StreamResponse<ChatCompletionChunk> stream = gateway.openai(TestGateway.KEY).chat().completions().createStreaming(hello("claude"))) {
            text = stream.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse("")).collect(Collectors.joining());
        }

        assertFalse(text.isBlank());
    }

    @Test
    void should_answer_a_chat_completion_from_a_gemini_target() {
        ChatCompletion completion = gateway.openai(TestGateway.KEY).chat().completions().create(hello("gemini"));

        assertFalse(completion.choices().get(0).message().content().orElse("").isBlank());
        assertTrue(mock.lastRecordedRequest().path().endsWith("gemini-2.0-flash:generateContent"), mock.lastRecordedRequest().path());
    }

    @Test
    void should_stream_a_chat_completion_from_a_gemini_target() {
        String text;
        try (StreamResponse<ChatCompletionChunk> stream = gateway.openai(TestGateway.KEY).chat().completions().createStreaming(hello("gemini"))) {
            text = stream.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse("")).collect(Collectors.joining());
        }

        assertFalse(text.isBlank());
        assertTrue(mock.lastRecordedRequest().path().endsWith(":streamGenerateContent"), mock.lastRecordedRequest().path());
    }

    @Test
    void should_serve_anthropic_messages_clients_from_a_gemini_target_through_chat() {
        var message = anthropic(TestGateway.KEY).messages().create(com.anthropic.models.messages.MessageCreateParams.builder()
                .model("gemini").maxTokens(64).addUserMessage("Say hello").build());

        assertFalse(message.content().get(0).asText().text().isBlank());
        assertTrue(mock.lastRecordedRequest().path().endsWith(":generateContent"), mock.lastRecordedRequest().path());
    }

    @Test
    void should_start_a_translated_anthropic_tool_call_stream_with_null_content_when_the_answer_is_a_tool_call() {
        assertFirstDeltaHasNullContentAndTheCall("claude-tool");
    }

    @Test
    void should_start_a_translated_gemini_tool_call_stream_with_null_content_when_the_answer_is_a_tool_call() {
        assertFirstDeltaHasNullContentAndTheCall("gemini-tool");
    }

    @Test
    void should_start_a_translated_anthropic_text_stream_with_empty_content_when_the_answer_is_text() {
        JsonNode first = firstDataChunk(gateway.post("/v1/chat/completions",
                "{\"model\":\"claude\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}",
                "Authorization", TestGateway.bearer(TestGateway.KEY)).body());

        assertEquals("{\"role\":\"assistant\",\"content\":\"\"}", first.at("/choices/0/delta").toString());
    }

    /** OpenAI starts a tool-call stream with {@code content: null}; {@code ""} makes the AI SDK open an empty text part. */
    private static void assertFirstDeltaHasNullContentAndTheCall(String alias) {
        String body = "{\"model\":\"" + alias + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"weather\",\"parameters\":{\"type\":\"object\"}}}]}";
        var response = gateway.post("/v1/chat/completions", body, "Authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode delta = firstDataChunk(response.body()).at("/choices/0/delta");
        assertEquals("assistant", delta.path("role").asText());
        assertTrue(delta.has("content") && delta.get("content").isNull(), delta.toString());
        assertTrue(response.body().contains("\"tool_calls\""), response.body());
        assertFalse(response.body().contains("\"content\":\"\""), response.body());
    }

    private static JsonNode firstDataChunk(String sse) {
        String line = sse.lines().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow();
        return TestGateway.json(line.substring("data: ".length()));
    }
}
