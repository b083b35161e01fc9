package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.mock.RecordedRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented Gemini embeddings path end to end: an OpenAI client's {@code /v1/embeddings}
 * through the gateway and the provider-gemini plugin to the mock's {@code :batchEmbedContents}.
 */
class GeminiEmbeddingsTest {

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        String base = mock.baseUrl().toString().replaceAll("/v1$", "/v1beta");
        gateway = TestGateway.startWithProviders(mock, tmp,
                "- { id: gemini, plugin: gemini, base_url: \"" + base + "\", api_key: \"AIza-upstream-secret\" }",
                "  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }\n"
                        + "  - { alias: gembed, targets: [ { provider: gemini, model: gemini-embedding-001 } ] }\n", "");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    @Test
    void should_answer_openai_embeddings_in_input_order_when_the_alias_targets_gemini() {
        var raw = gateway.openai(TestGateway.KEY).embeddings().withRawResponse().create(EmbeddingCreateParams.builder()
                .model("gembed").inputOfArrayOfStrings(List.of("alpha", "beta", "alpha")).dimensions(16).build());
        CreateEmbeddingResponse embeddings = raw.parse();

        assertEquals(3, embeddings.data().size());
        assertEquals(16, embeddings.data().get(0).embedding().size());
        assertEquals(embeddings.data().get(0).embedding(), embeddings.data().get(2).embedding());
        assertEquals(1, embeddings.data().get(1).index());
        RecordedRequest sent = mock.lastRecordedRequest();
        assertEquals("/v1beta/models/gemini-embedding-001:batchEmbedContents", sent.path());
        assertEquals("models/gemini-embedding-001", sent.body().at("/requests/0/model").asText());
        assertEquals(16, sent.body().at("/requests/1/outputDimensionality").asInt());
        assertEquals("beta", sent.body().at("/requests/1/content/parts/0/text").asText());
        JsonNode receipt = gateway.receipt(raw.headers().values("x-caravan-trace-id").get(0), TestGateway.KEY);
        assertEquals("gemini/gemini-embedding-001", receipt.path("served_by").asText(), receipt.toString());
        assertEquals(0, receipt.path("prompt_tokens").asInt(), "Gemini reports no tokens for embeddings: " + receipt);
        assertEquals(200, receipt.path("status").asInt(), receipt.toString());
    }

    @Test
    void should_answer_base64_vectors_when_encoding_format_is_base64() {
        HttpResponse<String> response = gateway.post("/v1/embeddings",
                "{\"model\":\"gembed\",\"input\":\"alpha\",\"dimensions\":4,\"encoding_format\":\"base64\"}",
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(200, response.statusCode(), response.body());
        String vector = TestGateway.json(response.body()).at("/data/0/embedding").asText();
        assertEquals(16, java.util.Base64.getDecoder().decode(vector).length, "four little-endian float32s");
    }

    @Test
    void should_refuse_token_array_inputs_with_400_naming_the_input_when_the_target_is_gemini() {
        long before = mock.requestCount();
        HttpResponse<String> response = gateway.post("/v1/embeddings", "{\"model\":\"gembed\",\"input\":[[9906,1917]]}",
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(TestGateway.json(response.body()).at("/error/param").asText().startsWith("input"), response.body());
        assertEquals(before, mock.requestCount());
    }
}
