package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The chat completions and chunks the gateway builds by translation (Anthropic and Gemini targets,
 * text and tool calls), embeddings, the model list and an OpenAI error body validate against the
 * schemas of OpenAI's published OpenAPI document.
 */
class ChatSchemaTest extends FamiliesGatewayTest {

    private static final String TOOLS = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"weather\",\"parameters\":{\"type\":\"object\"}}}]";

    private static HttpResponse<String> chat(String model, boolean stream, boolean tools) {
        String body = "{\"model\":\"" + model + "\",\"stream\":" + stream + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "")
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]" + (tools ? TOOLS : "") + "}";
        return gateway.post("/v1/chat/completions", body, "Authorization", TestGateway.bearer(TestGateway.KEY));
    }

    @Test
    void should_build_schema_valid_chat_completions_when_translating_anthropic_and_gemini_answers() {
        for (String model : new String[] {"claude", "claude-tool", "gemini", "gemini-tool"}) {
            HttpResponse<String> response = chat(model, false, model.endsWith("-tool"));
            assertEquals(200, response.statusCode(), response.body());
            OpenAiSchemas.assertValid("CreateChatCompletionResponse", TestGateway.json(response.body()));
        }
    }

    @Test
    void should_stream_schema_valid_chunks_when_translating_anthropic_and_gemini_streams() {
        for (String model : new String[] {"claude", "claude-tool", "gemini", "gemini-tool"}) {
            HttpResponse<String> response = chat(model, true, model.endsWith("-tool"));
            assertEquals(200, response.statusCode(), response.body());
            int chunks = 0;
            for (String line : response.body().split("\n")) {
                if (line.startsWith("data: {")) {
                    OpenAiSchemas.assertValid("CreateChatCompletionStreamResponse", TestGateway.json(line.substring(6)));
                    chunks++;
                }
            }
            assertTrue(chunks >= 2, response.body());
        }
    }

    @Test
    void should_answer_schema_valid_embeddings_models_and_errors() {
        HttpResponse<String> embeddings = gateway.post("/v1/embeddings", "{\"model\":\"embed\",\"input\":\"hello\"}",
                "Authorization", TestGateway.bearer(TestGateway.KEY));
        assertEquals(200, embeddings.statusCode(), embeddings.body());
        OpenAiSchemas.assertValid("CreateEmbeddingResponse", TestGateway.json(embeddings.body()));

        HttpResponse<String> models = gateway.get("/v1/models", "Authorization", TestGateway.bearer(TestGateway.KEY));
        assertEquals(200, models.statusCode(), models.body());
        OpenAiSchemas.assertValid("ListModelsResponse", TestGateway.json(models.body()));

        HttpResponse<String> error = chat("no-such-model", false, false);
        assertTrue(error.statusCode() >= 400, error.body());
        OpenAiSchemas.assertValid("ErrorResponse", TestGateway.json(error.body()));
    }
}
