package dev.caravan.platform.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.it.TestGateway;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example provider plugin (plugins/provider-example), dropped as a jar into a plugins folder
 * next to the bundled ones, serves real chat completions from the mock upstream, as a third-party
 * plugin would. The jar is not on the test classpath: everything it does comes from the jar.
 */
class ExamplePluginGatewayTest {

    private static final String UPSTREAM_KEY = "sk-example-upstream-7";

    @TempDir
    static Path tmp;
    static ThirdPartyGateway running;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void startGatewayWithExamplePlugin() throws IOException {
        Path plugins = ThirdPartyGateway.pluginsFolder(tmp); // the bundled provider-openai serves the standard aliases
        ThirdPartyGateway.copyJars(Path.of(System.getProperty("caravan.test.example-plugins", "target/example-plugins")), plugins);
        running = ThirdPartyGateway.start(tmp, plugins, "ex", "example", UPSTREAM_KEY, "{ system_prompt: \"Answer in English.\" }");
        mock = running.mock;
        gateway = running.gateway;
    }

    @AfterAll
    static void stopGateway() {
        if (running != null) {
            running.close();
        }
    }

    private static ChatCompletionCreateParams hello() {
        return ChatCompletionCreateParams.builder().model("ex").addUserMessage("Say hello").build();
    }

    @Test
    void should_not_find_the_example_adapter_on_the_test_classpath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.example.provider.ExampleAdapter"));
    }

    @Test
    void should_serve_a_chat_completion_through_the_example_plugin_when_its_jar_is_in_plugins() {
        HttpResponseFor<ChatCompletion> raw = gateway.openai(TestGateway.KEY).chat().completions().withRawResponse().create(hello());
        ChatCompletion completion = raw.parse();

        assertFalse(completion.choices().get(0).message().content().orElse("").isBlank());
        assertEquals("ex/gpt-4o-mini", raw.headers().values("x-caravan-served-by").get(0));
        assertTrue(completion.usage().orElseThrow().totalTokens() > 0);
    }

    @Test
    void should_send_the_request_as_the_plugin_mapped_it_when_serving() {
        gateway.openai(TestGateway.KEY).chat().completions().create(hello());

        JsonNode upstream = mock.lastRequest();
        assertEquals("gpt-4o-mini", upstream.get("model").asText());
        assertEquals("Answer in English.", upstream.get("messages").get(0).get("content").asText());
        assertEquals("Say hello", upstream.get("messages").get(1).get("content").asText());
        assertEquals("Bearer " + UPSTREAM_KEY, mock.lastRequestHeaders().get("authorization"));
    }

    @Test
    void should_stream_chunks_through_the_example_plugin_when_client_streams() {
        try (StreamResponse<ChatCompletionChunk> stream = gateway.openai(TestGateway.KEY).chat().completions().createStreaming(hello())) {
            List<ChatCompletionChunk> chunks = stream.stream().collect(Collectors.toList());

            String text = chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse(""))
                    .collect(Collectors.joining());
            assertFalse(text.isBlank());
            assertTrue(chunks.stream().noneMatch(c -> c.choices().isEmpty()), "usage chunk the client did not ask for was forwarded");
        }
    }

    @Test
    void should_answer_400_naming_tools_when_the_plugin_refuses_them() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"ex\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"now\",\"parameters\":{\"type\":\"object\"}}}]}",
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("tools", TestGateway.json(response.body()).path("error").path("param").asText());
    }
}
