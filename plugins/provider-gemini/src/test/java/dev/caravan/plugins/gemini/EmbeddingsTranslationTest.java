package dev.caravan.plugins.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.api.provider.UpstreamRequest;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EmbeddingsTranslationTest {

    private static final String MODEL = "gemini-embedding-001";
    private final ProviderHarness adapter = new ProviderHarness(new GeminiAdapter());

    @Test
    void should_post_one_embed_request_per_input_to_batch_embed_contents_when_embedding() {
        UpstreamRequest request = adapter.prepare(embeddingsCall(Fixtures.json("embeddings-request.json")));

        assertEquals(URI.create("https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents"),
                request.uri());
        assertEquals(Calls.KEY, request.headers().get("x-goog-api-key"));
        assertEquals(Fixtures.json("batch-embed-contents-request.json"), Fixtures.tree(request.body()));
    }

    @Test
    void should_return_an_openai_embedding_list_when_gemini_answers() {
        ProviderResponse response = adapter.translateResponse(embeddingsCall(Fixtures.json("embeddings-request.json")),
                Fixtures.bytes("batch-embed-contents-response.json"));

        assertEquals(Fixtures.tree("""
                {"object":"list","data":[
                   {"object":"embedding","index":0,"embedding":[-0.0224601,0.0131805,0.0254541,-0.0719872]},
                   {"object":"embedding","index":1,"embedding":[0.5,-0.25,0.125,1.0]}],
                 "model":"gemini-embedding-001","usage":{"prompt_tokens":0,"total_tokens":0}}
                """), Fixtures.tree(response.body()));
        assertEquals(Usage.NONE, response.usage());
    }

    @Test
    void should_encode_little_endian_float32_base64_when_the_client_asks_for_base64() {
        ObjectNode body = Fixtures.body("{'model':'embed','input':'hi','encoding_format':'base64'}");

        JsonNode data = Fixtures.tree(adapter.translateResponse(embeddingsCall(body),
                Fixtures.bytes("batch-embed-contents-response.json")).body()).get("data");

        ByteBuffer floats = ByteBuffer.wrap(Base64.getDecoder().decode(data.get(1).get("embedding").asText())).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(16, floats.remaining());
        assertEquals(0.5f, floats.getFloat());
        assertEquals(-0.25f, floats.getFloat());
        assertEquals(0.125f, floats.getFloat());
        assertEquals(1.0f, floats.getFloat());
    }

    @Test
    void should_refuse_token_arrays_when_the_input_is_not_text() {
        UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class,
                () -> adapter.prepare(embeddingsCall(Fixtures.body("{'model':'embed','input':[[9906,1917]]}"))));

        assertEquals("input[0]", e.param());
    }

    @Test
    void should_refuse_an_unknown_encoding_when_preparing() {
        UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class,
                () -> adapter.prepare(embeddingsCall(Fixtures.body("{'model':'embed','input':'hi','encoding_format':'int8'}"))));

        assertEquals("encoding_format", e.param());
    }

    @Test
    void should_refuse_an_empty_input_when_preparing() {
        UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class,
                () -> adapter.prepare(embeddingsCall(Fixtures.body("{'model':'embed','input':[]}"))));

        assertEquals("input", e.param());
    }

    private static ProviderCall embeddingsCall(ObjectNode body) {
        ProviderCall chat = Calls.call(body, false, MODEL);
        return new ProviderCall(ApiFamily.EMBEDDINGS, body, MODEL, false, chat.provider(), chat.context());
    }
}
