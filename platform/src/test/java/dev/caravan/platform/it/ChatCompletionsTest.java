package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The OpenAI SDK, pointed at the gateway, cannot tell it from OpenAI; every request leaves a receipt. */
class ChatCompletionsTest extends StandardGatewayTest {

    private static ChatCompletionCreateParams hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello").build();
    }

    @Test
    void should_answer_with_the_upstream_completion_when_called_with_the_openai_sdk() {
        HttpResponseFor<ChatCompletion> raw = gateway.openai(TestGateway.KEY).chat().completions().withRawResponse().create(hello("fast"));
        ChatCompletion completion = raw.parse();

        assertFalse(completion.choices().get(0).message().content().orElse("").isBlank());
        assertEquals("mock/gpt-4o-mini", raw.headers().values("x-caravan-served-by").get(0));
        assertEquals(32, raw.headers().values("x-caravan-trace-id").get(0).length());
        assertTrue(completion.usage().isPresent());
    }

    @Test
    void should_send_the_target_model_upstream_and_pass_other_fields_untouched() {
        gateway.post("/v1/chat/completions",
                "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.25,\"user\":\"u-1\",\"seed\":7}",
                "authorization", TestGateway.bearer(TestGateway.KEY));

        JsonNode upstream = mock.lastRequest();
        assertEquals("gpt-4o-mini", upstream.get("model").asText());
        assertEquals(0.25, upstream.get("temperature").asDouble());
        assertEquals("u-1", upstream.get("user").asText());
        assertEquals(7, upstream.get("seed").asInt());
        assertEquals("Bearer sk-upstream-secret-123", mock.lastRequestHeaders().get("authorization"));
    }

    @Test
    void should_stream_chunks_and_end_when_called_with_stream_true() {
        try (StreamResponse<ChatCompletionChunk> stream = gateway.openai(TestGateway.KEY).chat().completions().createStreaming(hello("fast"))) {
            List<ChatCompletionChunk> chunks = stream.stream().collect(Collectors.toList());
            String text = chunks.stream()
                    .flatMap(c -> c.choices().stream())
                    .map(c -> c.delta().content().orElse(""))
                    .collect(Collectors.joining());
            assertFalse(text.isBlank());
            assertTrue(chunks.stream().noneMatch(c -> c.choices().isEmpty()), "usage-only chunk the client did not ask for was forwarded");
        }
    }

    @Test
    void should_write_a_receipt_readable_only_by_the_calling_key() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", TestGateway.KEY);
        String traceId = response.headers().firstValue("x-caravan-trace-id").orElseThrow();

        JsonNode receipt = gateway.receipt(traceId, TestGateway.KEY);
        assertEquals("acme", receipt.get("tenant_id").asText());
        assertEquals("fast", receipt.get("requested_model").asText());
        assertEquals("fast", receipt.get("alias").asText());
        assertEquals("mock/gpt-4o-mini", receipt.get("served_by").asText());
        assertEquals(200, receipt.get("status").asInt());
        assertEquals(1, receipt.get("attempts").size());
        assertEquals("mock", receipt.get("attempts").get(0).get("provider").asText());
        assertTrue(receipt.get("prompt_tokens").asLong() > 0);
        assertTrue(receipt.get("completion_tokens").asLong() > 0);
        assertNotNull(receipt.get("gateway_overhead_ms"));
        assertFalse(receipt.toString().contains("sk-upstream-secret-123"));
        assertFalse(receipt.toString().contains(TestGateway.KEY));

        HttpResponse<String> other = gateway.get("/v1/receipts/" + traceId, "authorization", TestGateway.bearer(TestGateway.LIMITED_KEY));
        assertEquals(404, other.statusCode());
    }

    @Test
    void should_record_stream_usage_in_the_receipt_when_streaming() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"fast\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "authorization", TestGateway.bearer(TestGateway.KEY));
        String traceId = response.headers().firstValue("x-caravan-trace-id").orElseThrow();

        JsonNode receipt = gateway.receiptEventually(traceId, TestGateway.KEY);
        assertTrue(receipt.get("stream").asBoolean());
        assertTrue(receipt.get("completion_tokens").asLong() > 0, receipt.toString());
        assertTrue(mock.lastRequest().path("stream_options").path("include_usage").asBoolean());
    }

    @Test
    void should_list_only_the_aliases_a_key_may_use() {
        JsonNode all = TestGateway.json(gateway.get("/v1/models", "authorization", TestGateway.bearer(TestGateway.KEY)).body());
        JsonNode limited = TestGateway.json(gateway.get("/v1/models", "authorization", TestGateway.bearer(TestGateway.LIMITED_KEY)).body());

        assertEquals("list", all.get("object").asText());
        assertEquals(3, all.get("data").size());
        assertEquals(1, limited.get("data").size());
        assertEquals("fast", limited.get("data").get(0).get("id").asText());
        assertEquals(1, gateway.openai(TestGateway.LIMITED_KEY).models().list().data().size());
    }

    @Test
    void should_answer_health_and_ready_without_a_key() {
        assertEquals(200, gateway.get("/health").statusCode());
        HttpResponse<String> ready = gateway.get("/ready");
        assertEquals(200, ready.statusCode(), ready.body());
    }
}
