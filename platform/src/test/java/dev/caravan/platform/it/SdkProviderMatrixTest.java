package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rest of the SDK × provider matrix, each through the real gateway to that provider's mock:
 * the Anthropic SDK on {@code /v1/messages} and the OpenAI SDK on {@code /v1/responses}, served
 * by the Anthropic, Gemini and OpenAI-chat targets (the remaining pairs are in
 * {@link AnthropicMessagesTest}, {@link AnthropicPassThroughTest}, {@link ResponsesApiTest},
 * {@link ResponsesNativeTest} and {@link ChatToOtherProvidersTest}). Each row also checks which
 * upstream wire format the gateway actually spoke.
 */
class SdkProviderMatrixTest extends FamiliesGatewayTest {

    @ParameterizedTest(name = "anthropic-java /v1/messages -> {0}")
    @CsvSource({"gemini, gemini-2.0-flash:generateContent, gemini/gemini-2.0-flash",
                "claude, /v1/messages, claude/claude-sonnet-4-5",
                "chat-fast, /v1/chat/completions, chat-only/gpt-4o-mini"})
    void should_answer_the_anthropic_sdk_from_every_provider(String alias, String upstreamPath, String servedBy) {
        var raw = anthropic(TestGateway.KEY).messages().withRawResponse().create(
                MessageCreateParams.builder().model(alias).maxTokens(128).system("Be brief.").addUserMessage("Say hello").build());
        Message message = raw.parse();

        assertFalse(message.content().get(0).asText().text().isBlank());
        assertTrue(mock.lastRecordedRequest().path().endsWith(upstreamPath), mock.lastRecordedRequest().path());
        assertEquals(servedBy, raw.headers().values("x-caravan-served-by").get(0));
    }

    @ParameterizedTest(name = "anthropic-java /v1/messages stream -> {0}")
    @CsvSource({"gemini", "claude", "chat-fast"})
    void should_stream_to_the_anthropic_sdk_from_every_provider(String alias) {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic(TestGateway.KEY).messages().createStreaming(
                MessageCreateParams.builder().model(alias).maxTokens(128).addUserMessage("Say hello").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();

        assertFalse(message.content().get(0).asText().text().isBlank());
        assertTrue(message.usage().outputTokens() > 0);
    }

    @ParameterizedTest(name = "openai-java /v1/responses -> {0}")
    @CsvSource({"gemini, gemini-2.0-flash:generateContent", "claude, /v1/messages", "fast, /v1/responses"})
    void should_answer_the_responses_api_from_every_provider(String alias, String upstreamPath) {
        Response response = gateway.openai(TestGateway.KEY).responses().create(
                ResponseCreateParams.builder().model(alias).instructions("Be brief.").input("Say hello").maxOutputTokens(64).build());

        assertFalse(response.output().isEmpty());
        assertTrue(response.usage().orElseThrow().outputTokens() > 0);
        assertTrue(mock.lastRecordedRequest().path().endsWith(upstreamPath), mock.lastRecordedRequest().path());
    }

    @ParameterizedTest(name = "openai-java /v1/responses stream -> {0}")
    @CsvSource({"gemini", "claude", "fast"})
    void should_stream_the_responses_api_from_every_provider(String alias) {
        String text;
        try (com.openai.core.http.StreamResponse<ResponseStreamEvent> stream = gateway.openai(TestGateway.KEY).responses()
                .createStreaming(ResponseCreateParams.builder().model(alias).input("Say hello").maxOutputTokens(64).build())) {
            text = stream.stream().filter(ResponseStreamEvent::isOutputTextDelta)
                    .map(e -> e.asOutputTextDelta().delta()).collect(Collectors.joining());
        }

        assertFalse(text.isBlank());
    }
}
