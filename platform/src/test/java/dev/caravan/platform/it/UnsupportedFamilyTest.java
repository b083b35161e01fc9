package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.BadRequestException;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** A family no planned target can serve fails fast with a 400 saying what is missing, before any upstream call. */
class UnsupportedFamilyTest extends FamiliesGatewayTest {

    @Test
    void should_refuse_embeddings_on_a_chat_only_target_before_calling_it() {
        long before = mock.requestCount();
        BadRequestException e = assertThrows(BadRequestException.class, () -> gateway.openai(TestGateway.KEY).embeddings()
                .create(EmbeddingCreateParams.builder().model("fast").input("hello").build()));

        assertEquals(400, e.statusCode());
        assertEquals(before, mock.requestCount());
    }

    @Test
    void should_name_the_model_and_provider_that_cannot_serve_the_family() {
        HttpResponse<String> response = gateway.post("/v1/images/generations", "{\"model\":\"fast\",\"prompt\":\"a cat\"}",
                "authorization", TestGateway.bearer(TestGateway.KEY));
        JsonNode error = TestGateway.json(response.body()).get("error");

        assertEquals(400, response.statusCode());
        assertEquals("model 'gpt-4o-mini' (provider mock) does not support image generation", error.get("message").asText());
        assertEquals("model", error.get("param").asText());
    }

    @Test
    void should_record_each_skipped_target_when_no_target_of_a_fallback_can_serve() {
        HttpResponse<String> response = gateway.post("/v1/embeddings", "{\"model\":\"two-chat\",\"input\":\"hello\"}",
                "authorization", TestGateway.bearer(TestGateway.KEY));
        JsonNode receipt = gateway.receipt(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), TestGateway.KEY);

        assertEquals(400, response.statusCode());
        assertEquals("No target of 'two-chat' can serve this request: model 'gpt-4o-mini' (provider mock) does not support "
                + "embeddings; model 'gpt-4o-mini' (provider slow) does not support embeddings.",
                TestGateway.json(response.body()).get("error").get("message").asText());
        assertEquals(2, receipt.get("attempts").size());
        assertEquals("skipped: unsupported embeddings", receipt.get("attempts").get(0).get("decision").asText());
        assertEquals("skipped: unsupported embeddings", receipt.get("attempts").get(1).get("decision").asText());
        assertEquals("/v1/embeddings", receipt.get("endpoint").asText());
    }

    @Test
    void should_answer_an_embeddings_request_without_input_with_a_400_naming_it() {
        HttpResponse<String> response = gateway.post("/v1/embeddings", "{\"model\":\"fast\",\"input\":[]}",
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(400, response.statusCode());
        assertEquals("input", TestGateway.json(response.body()).get("error").get("param").asText());
    }
}
