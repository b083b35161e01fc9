package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import dev.caravan.mock.MockBehavior;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Legacy {@code POST /v1/completions} with openai-java, served as chat by every target: an
 * OpenAI-compatible one and the Anthropic plugin, plain and streamed, with receipts.
 */
class LegacyCompletionsTest extends FamiliesGatewayTest {

    private static CompletionCreateParams prompt(String model) {
        return CompletionCreateParams.builder().model(model).prompt("Say hello").maxTokens(16).build();
    }

    @Test
    void should_answer_a_text_completion_with_usage_and_a_receipt_when_the_target_speaks_chat() {
        HttpResponseFor<Completion> raw = gateway.openai(TestGateway.KEY).completions().withRawResponse().create(prompt("fast"));
        Completion completion = raw.parse();

        assertEquals(MockBehavior.DEFAULT_CONTENT, completion.choices().get(0).text());
        assertTrue(completion.id().startsWith("cmpl-"), completion.id());
        assertTrue(completion.usage().orElseThrow().completionTokens() > 0);
        JsonNode sent = mock.lastRecordedRequest().body();
        assertEquals("/v1/chat/completions", mock.lastRecordedRequest().path());
        assertEquals("Say hello", sent.at("/messages/0/content").asText());
        assertEquals(16, sent.get("max_tokens").asInt());
        JsonNode receipt = gateway.receipt(raw.headers().values("x-caravan-trace-id").get(0), TestGateway.KEY);
        assertEquals("/v1/completions", receipt.get("endpoint").asText());
        assertEquals(completion.usage().orElseThrow().promptTokens(), receipt.get("prompt_tokens").asLong(), receipt.toString());
    }

    @Test
    void should_answer_a_text_completion_from_an_anthropic_target_through_chat() {
        Completion completion = gateway.openai(TestGateway.KEY).completions().create(prompt("claude"));

        assertFalse(completion.choices().get(0).text().isEmpty());
        assertEquals("/v1/messages", mock.lastRecordedRequest().path());
        assertEquals(16, mock.lastRecordedRequest().body().get("max_tokens").asInt());
    }

    @Test
    void should_stream_text_completion_chunks_and_record_the_receipt_when_streaming() {
        String text;
        try (StreamResponse<Completion> stream = gateway.openai(TestGateway.KEY).completions().createStreaming(prompt("fast"))) {
            List<Completion> chunks = stream.stream().toList();
            text = chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.text()).collect(Collectors.joining());
            assertTrue(chunks.size() > 1, "streamed in several chunks");
        }

        assertEquals(MockBehavior.DEFAULT_CONTENT, text);
    }

    @Test
    void should_send_text_completion_sse_frames_ending_with_done_when_a_raw_client_streams() {
        HttpResponse<String> response = gateway.post("/v1/completions",
                "{\"model\":\"claude\",\"prompt\":[\"Say hello\"],\"max_tokens\":16,\"stream\":true}",
                "authorization", TestGateway.bearer(TestGateway.KEY));
        List<String> data = dataLines(response.body());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("[DONE]", data.get(data.size() - 1));
        JsonNode first = TestGateway.json(data.get(0));
        assertEquals("text_completion", first.get("object").asText(), data.get(0));
        JsonNode receipt = gateway.receiptEventually(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), TestGateway.KEY);
        assertTrue(receipt.get("completion_tokens").asLong() > 0, receipt.toString());
    }

    @Test
    void should_refuse_suffix_with_400_naming_it_before_any_upstream_call() {
        long before = mock.requestCount();
        BadRequestException e = assertThrows(BadRequestException.class, () -> gateway.openai(TestGateway.KEY).completions()
                .create(CompletionCreateParams.builder().model("fast").prompt("def f(").suffix("return 1").build()));

        HttpResponse<String> raw = gateway.post("/v1/completions", "{\"model\":\"fast\",\"prompt\":\"def f(\",\"suffix\":\"return 1\"}",
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(400, e.statusCode());
        assertEquals("suffix", TestGateway.json(raw.body()).at("/error/param").asText(), raw.body());
        assertEquals(before, mock.requestCount());
    }

    @Test
    void should_refuse_several_prompts_with_400_naming_prompt() {
        HttpResponse<String> response = gateway.post("/v1/completions", "{\"model\":\"fast\",\"prompt\":[\"a\",\"b\"]}",
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("prompt", TestGateway.json(response.body()).at("/error/param").asText(), response.body());
    }
}
