package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.BadRequestException;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A request a target cannot serve (its family, or image inputs) never reaches it: a single target
 * fails fast with a 400 saying what is missing, a fallback skips it (recorded in the receipt) and
 * tries the next target.
 */
class UnsupportedFamilyTest extends FamiliesGatewayTest {

    @Test
    void should_refuse_embeddings_on_a_target_without_them_before_calling_it() {
        long before = mock.requestCount();
        BadRequestException e = assertThrows(BadRequestException.class, () -> gateway.openai(TestGateway.KEY).embeddings()
                .create(EmbeddingCreateParams.builder().model("groq").input("hello").build()));

        assertEquals(400, e.statusCode());
        assertEquals(before, mock.requestCount());
    }

    @Test
    void should_name_the_model_and_provider_that_cannot_serve_the_family() {
        HttpResponse<String> response = gateway.post("/v1/images/generations", "{\"model\":\"groq\",\"prompt\":\"a cat\"}",
                "authorization", TestGateway.bearer(TestGateway.KEY));
        JsonNode error = TestGateway.json(response.body()).get("error");

        assertEquals(400, response.statusCode());
        assertEquals("model 'gpt-4o-mini' (provider groq) does not support image generation", error.get("message").asText());
        assertEquals("model", error.get("param").asText());
    }

    @Test
    void should_record_each_skipped_target_when_no_target_of_a_fallback_can_serve() {
        HttpResponse<String> response = gateway.post("/v1/embeddings", "{\"model\":\"no-embeddings\",\"input\":\"hello\"}",
                "authorization", TestGateway.bearer(TestGateway.KEY));
        JsonNode receipt = gateway.receipt(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), TestGateway.KEY);

        assertEquals(400, response.statusCode());
        assertEquals("No target of 'no-embeddings' can serve this request: model 'gpt-4o-mini' (provider groq) does not "
                + "support embeddings; model 'gpt-4o-mini' (provider deepseek) does not support embeddings.",
                TestGateway.json(response.body()).get("error").get("message").asText());
        assertEquals(2, receipt.get("attempts").size());
        assertEquals("skipped: unsupported embeddings", receipt.get("attempts").get(0).get("decision").asText());
        assertEquals("skipped: unsupported embeddings", receipt.get("attempts").get(1).get("decision").asText());
        assertEquals("/v1/embeddings", receipt.get("endpoint").asText());
    }

    @Test
    void should_skip_a_fallback_target_without_embeddings_and_serve_from_the_next() {
        var raw = gateway.openai(TestGateway.KEY).embeddings().withRawResponse()
                .create(EmbeddingCreateParams.builder().model("embed-fallback").input("hello").build());
        JsonNode receipt = gateway.receipt(raw.headers().values("x-caravan-trace-id").get(0), TestGateway.KEY);

        assertEquals(1, raw.parse().data().size());
        assertEquals("mock/text-embedding-3-small", raw.headers().values("x-caravan-served-by").get(0));
        assertEquals("skipped: unsupported embeddings", receipt.get("attempts").get(0).get("decision").asText());
        assertEquals(0, receipt.get("attempts").get(0).get("attempt").asInt());
        assertEquals("served", receipt.get("attempts").get(1).get("decision").asText());
        assertEquals("/v1/embeddings", mock.lastRecordedRequest().path());
    }

    @Test
    void should_skip_a_fallback_target_without_vision_for_image_inputs() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", "{\"model\":\"vision-fallback\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"https://example.com/cat.jpg\"}}]}]}", "authorization", TestGateway.bearer(TestGateway.KEY));
        JsonNode receipt = gateway.receipt(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), TestGateway.KEY);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("skipped: unsupported image inputs", receipt.get("attempts").get(0).get("decision").asText());
        assertEquals("mock/gpt-4o-mini", receipt.get("served_by").asText());
    }

    @Test
    void should_serve_embeddings_natively_on_a_target_that_has_them() {
        var embeddings = gateway.openai(TestGateway.KEY).embeddings()
                .create(EmbeddingCreateParams.builder().model("embed").input("hello").build());

        assertEquals(1, embeddings.data().size());
        assertEquals(true, embeddings.data().get(0).embedding().size() > 0);
        assertEquals("text-embedding-3-small", mock.lastRequest().get("model").asText());
    }

    @Test
    void should_serve_image_generation_natively_on_a_target_that_has_it() {
        HttpResponse<String> response = gateway.post("/v1/images/generations", "{\"model\":\"draw\",\"prompt\":\"a cat\",\"n\":1}",
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, TestGateway.json(response.body()).get("data").size());
        assertEquals("/v1/images/generations", mock.lastRecordedRequest().path());
    }

    @Test
    void should_answer_an_embeddings_request_without_input_with_a_400_naming_it() {
        HttpResponse<String> response = gateway.post("/v1/embeddings", "{\"model\":\"embed\",\"input\":[]}",
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(400, response.statusCode());
        assertEquals("input", TestGateway.json(response.body()).get("error").get("param").asText());
    }
}
