package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rows of the fault matrix seen through the official OpenAI Java SDK (no SDK retries): a fallback
 * is invisible to it, a final failure raises the SDK's exception for the status with the OpenAI
 * error code, and a stream cut after its first chunks raises the SDK's stream error.
 */
class FaultMatrixSdkTest extends FaultMatrixGateway {

    private static ChatCompletionCreateParams params(Fault fault, MatrixStrategy strategy) {
        return ChatCompletionCreateParams.builder()
                .model(strategy.alias(fault))
                .addUserMessage("hi")
                .putAdditionalHeader("x-caravan-metadata", MatrixStrategy.METADATA)
                .build();
    }

    private static List<String> decisions(Headers headers) {
        JsonNode receipt = receipt(headers.values("x-caravan-trace-id").get(0));
        List<String> out = new ArrayList<>();
        receipt.get("attempts").forEach(a -> out.add(a.get("attempt").asInt() + " " + a.get("decision").asText()));
        return out;
    }

    @Test
    void should_give_the_sdk_the_next_targets_completion_when_the_first_answers_503() {
        scriptFault(Fault.STATUS_503, MatrixStrategy.CONDITIONAL);

        HttpResponseFor<ChatCompletion> raw = gateway.openai(TestGateway.KEY).chat().completions().withRawResponse()
                .create(params(Fault.STATUS_503, MatrixStrategy.CONDITIONAL));

        assertEquals(200, raw.statusCode());
        assertEquals(List.of("mock/503-conditional-b"), raw.headers().values("x-caravan-served-by"));
        assertEquals("503-conditional-b", raw.parse().model());
        assertEquals(List.of("1 retry: status 503", "2 fallback: status 503", "1 served"), decisions(raw.headers()));
    }

    @Test
    void should_raise_the_sdks_rate_limit_error_when_a_single_target_answers_429() {
        scriptFault(Fault.STATUS_429, MatrixStrategy.SINGLE);

        RateLimitException e = assertThrows(RateLimitException.class, () ->
                gateway.openai(TestGateway.KEY).chat().completions().create(params(Fault.STATUS_429, MatrixStrategy.SINGLE)));

        assertEquals(429, e.statusCode());
        assertEquals("rate_limit_exceeded", e.code().orElseThrow());
        assertEquals(List.of("2"), e.headers().values("x-caravan-attempts"));
        assertEquals(List.of("1 retry: status 429", "2 failed: status 429"), decisions(e.headers()));
    }

    @Test
    void should_raise_the_sdks_bad_request_error_without_a_retry_when_the_picked_target_answers_400() {
        scriptFault(Fault.STATUS_400, MatrixStrategy.LOADBALANCE);

        BadRequestException e = assertThrows(BadRequestException.class, () ->
                gateway.openai(TestGateway.KEY).chat().completions().create(params(Fault.STATUS_400, MatrixStrategy.LOADBALANCE)));

        assertEquals(400, e.statusCode());
        assertEquals("invalid_request_error", e.type().orElseThrow());
        assertEquals(List.of("1 failed: status 400"), decisions(e.headers()));
    }

    @Test
    void should_raise_the_sdks_server_error_with_upstream_timeout_when_a_single_target_never_answers() {
        scriptFault(Fault.READ_TIMEOUT, MatrixStrategy.SINGLE);

        OpenAIServiceException e = assertThrows(InternalServerException.class, () ->
                gateway.openai(TestGateway.KEY).chat().completions().create(params(Fault.READ_TIMEOUT, MatrixStrategy.SINGLE)));

        assertEquals(504, e.statusCode());
        assertEquals("upstream_timeout", e.code().orElseThrow());
        assertEquals(List.of("1 retry: timeout", "2 failed: timeout"), decisions(e.headers()));
    }

    @Test
    void should_raise_the_sdks_stream_error_after_the_first_chunks_when_the_upstream_resets_mid_stream() {
        Fault fault = Fault.STREAM_RESET_AFTER_FIRST_BYTE;
        scriptFault(fault, MatrixStrategy.FALLBACK);
        List<ChatCompletionChunk> received = new ArrayList<>();
        String traceId;

        try (StreamResponse<ChatCompletionChunk> stream = gateway.openai(TestGateway.KEY).chat().completions()
                .createStreaming(params(fault, MatrixStrategy.FALLBACK))) {
            SseException e = assertThrows(SseException.class, () -> stream.stream().forEach(received::add));
            assertEquals("upstream_stream_error", e.code().orElseThrow());
            traceId = e.headers().values("x-caravan-trace-id").get(0);
        }

        assertEquals(3, received.size(), "role chunk and two content chunks before the error");
        assertFalse(received.get(1).choices().get(0).delta().content().orElse("").isEmpty());
        JsonNode attempts = receipt(traceId).get("attempts");
        assertEquals(1, attempts.size(), attempts.toString());
        assertTrue(attempts.get(0).get("error").asText().startsWith("stream_interrupted"), attempts.toString());
        assertEquals(0, mock.callCount(MatrixStrategy.FALLBACK.healthyModel(fault)), "no fallback after the first byte");
    }
}
