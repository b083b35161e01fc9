package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.models.ModelInfo;
import com.anthropic.models.models.ModelListPage;
import com.anthropic.models.models.ModelListParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.models.Model;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/models} and {@code /v1/models/{id}} in OpenAI's and Anthropic's shapes, through the official SDKs. */
class ModelsEndpointTest {

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.start(mock, tmp); // aliases fast, slowpoke, nowhere; LIMITED_KEY may use fast only
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    static AnthropicClient anthropic(String key) {
        return AnthropicOkHttpClient.builder().baseUrl(gateway.baseUrl().toString()).apiKey(key)
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void should_return_the_openai_model_object_when_the_key_may_use_the_alias() {
        Model model = gateway.openai(TestGateway.KEY).models().retrieve("slowpoke");

        assertEquals("slowpoke", model.id());
        assertEquals("caravan", model.ownedBy());
    }

    @Test
    void should_answer_404_in_the_openai_shape_naming_the_id_when_the_key_may_not_use_the_alias() {
        HttpResponse<String> response = gateway.get("/v1/models/slowpoke", "authorization", TestGateway.bearer(TestGateway.LIMITED_KEY));

        assertEquals(404, response.statusCode(), response.body());
        JsonNode error = TestGateway.json(response.body()).get("error");
        assertEquals("model_not_found", error.get("code").asText());
        assertTrue(error.get("message").asText().contains("'slowpoke'"), response.body());
        assertThrows(com.openai.errors.NotFoundException.class,
                () -> gateway.openai(TestGateway.KEY).models().retrieve("no-such-alias"));
    }

    @Test
    void should_answer_404_when_a_path_only_starts_like_the_models_path() {
        HttpResponse<String> response = gateway.get("/v1/modelsfoo", "authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(404, response.statusCode(), response.body());
        assertFalse(response.body().contains("\"data\""), response.body());
    }

    @Test
    void should_list_anthropic_model_infos_when_an_anthropic_client_lists_models() {
        ModelListPage page = anthropic(TestGateway.KEY).models().list();

        assertEquals(List.of("fast", "slowpoke", "nowhere"), page.data().stream().map(ModelInfo::id).toList());
        assertEquals("fast", page.data().get(0).displayName());
        assertFalse(page.hasMore().orElseThrow());
        assertEquals("fast", page.firstId().orElseThrow());
        assertEquals("nowhere", page.lastId().orElseThrow());
    }

    @Test
    void should_page_by_limit_and_after_id_when_an_anthropic_client_asks_for_pages() {
        ModelListPage first = anthropic(TestGateway.KEY).models().list(ModelListParams.builder().limit(2L).build());
        ModelListPage second = anthropic(TestGateway.KEY).models().list(ModelListParams.builder().limit(2L)
                .afterId(first.lastId().orElseThrow()).build());
        ModelListPage before = anthropic(TestGateway.KEY).models().list(ModelListParams.builder().limit(1L)
                .beforeId("nowhere").build());

        assertEquals(List.of("fast", "slowpoke"), first.data().stream().map(ModelInfo::id).toList());
        assertTrue(first.hasMore().orElseThrow());
        assertEquals(List.of("nowhere"), second.data().stream().map(ModelInfo::id).toList());
        assertFalse(second.hasMore().orElseThrow());
        assertEquals(List.of("slowpoke"), before.data().stream().map(ModelInfo::id).toList());
        assertTrue(before.hasMore().orElseThrow(), "fast comes before slowpoke");
    }

    @Test
    void should_retrieve_an_anthropic_model_info_when_an_anthropic_client_asks_for_one() {
        ModelInfo model = anthropic(TestGateway.KEY).models().retrieve("fast");

        assertEquals("fast", model.id());
        assertEquals("fast", model.displayName());
        assertTrue(model.createdAt().toEpochSecond() > 0);
    }

    @Test
    void should_answer_404_in_the_anthropic_shape_when_an_anthropic_client_asks_for_an_alias_it_may_not_use() {
        HttpResponse<String> response = gateway.get("/v1/models/slowpoke", "x-api-key", TestGateway.LIMITED_KEY,
                "anthropic-version", "2023-06-01");

        assertEquals(404, response.statusCode(), response.body());
        JsonNode body = TestGateway.json(response.body());
        assertEquals("error", body.get("type").asText(), response.body());
        assertEquals("not_found_error", body.at("/error/type").asText());
        assertTrue(body.at("/error/message").asText().contains("'slowpoke'"), response.body());
        assertThrows(com.anthropic.errors.NotFoundException.class, () -> anthropic(TestGateway.LIMITED_KEY).models().retrieve("slowpoke"));
    }

    @Test
    void should_list_only_usable_aliases_and_refuse_a_bad_limit_when_an_anthropic_client_pages() {
        ModelListPage page = anthropic(TestGateway.LIMITED_KEY).models().list();
        HttpResponse<String> bad = gateway.get("/v1/models?limit=0", "x-api-key", TestGateway.KEY, "anthropic-version", "2023-06-01");

        assertEquals(List.of("fast"), page.data().stream().map(ModelInfo::id).toList());
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(TestGateway.json(bad.body()).at("/error/message").asText().startsWith("limit"), bad.body());
    }
}
