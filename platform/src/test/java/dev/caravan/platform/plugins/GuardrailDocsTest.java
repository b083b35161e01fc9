package dev.caravan.platform.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.guardrail.Guardrail;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigLoader;
import dev.caravan.platform.guard.GuardrailCatalog;
import dev.caravan.platform.it.TestGateway;
import dev.caravan.platform.server.Gateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of docs/guardrails.md work as written. */
class GuardrailDocsTest {

    private static final Path DOC = Path.of("../docs/guardrails.md");
    private static final Path EXAMPLE_CONFIG = Path.of("src/dist/caravan.example.yaml");

    @TempDir
    Path tmp;

    private static List<String> blocks(String language) throws IOException {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void should_bind_every_entry_of_the_configuration_example_against_the_bundled_plugins() throws IOException {
        String yaml = "providers: [ { id: openai, plugin: openai, base_url: https://api.openai.com/v1 } ]\n" + blocks("yaml").get(0);
        CaravanConfig config = ConfigLoader.fromYaml(yaml, Map.of("SUPPORT_BOT_KEY", "sk-support-bot-0123456789"), tmp);

        try (PluginHost host = PluginHost.start(TestGateway.pluginsDir())) {
            GuardrailCatalog.bind(config.guardrails(), host.extensions(Guardrail.class));
        }
        assertEquals(7, config.guardrails().all().size());
        assertEquals(List.of(), config.warnings(), "the example uses the scope form, not the nested one");
    }

    /**
     * Starts the shipped example config with the doc's yaml block {@code yamlBlock} appended and sends
     * the body of its bash block {@code bashBlock}'s curl command, as the documented key.
     */
    private HttpResponse<String> runExample(int yamlBlock, int bashBlock) throws Exception {
        // The example's routes and plugins folders are the distribution's; here, the built ones.
        String yaml = Files.readString(EXAMPLE_CONFIG) + "\n" + blocks("yaml").get(yamlBlock)
                + "routes: { dir: \"" + TestGateway.routesDir() + "\" }\nplugins: { dir: \"" + TestGateway.pluginsDir() + "\" }\n";
        Map<String, String> env = Map.of("CARAVAN_PORT", String.valueOf(TestGateway.freePort()),
                "CARAVAN_DB_URL", "jdbc:h2:file:" + tmp.resolve("db/caravan"));
        CaravanConfig config = ConfigLoader.fromYaml(yaml, env, tmp);
        String curl = blocks("bash").get(bashBlock);
        String body = curl.substring(curl.indexOf("-d '") + 4, curl.indexOf("}'") + 1);

        try (Gateway gateway = Gateway.start(config)) {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                    .header("Authorization", "Bearer sk-caravan-dev-change-me").header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void should_answer_446_as_documented_when_the_curl_example_runs_against_the_example_config() throws Exception {
        HttpResponse<String> response = runExample(1, 0);

        assertEquals(446, response.statusCode());
        JsonNode error = TestGateway.json(response.body()).path("error");
        assertEquals("The request was blocked by guardrail 'regex': found pattern_1=1", error.path("message").asText());
        assertTrue(Files.readString(DOC).contains("\"guardrail\": { \"id\": \"regex\", \"phase\": \"request\", \"reason\": \"found pattern_1=1\" }"));
    }

    @Test
    void should_answer_446_as_documented_when_the_scripted_guardrail_example_runs() throws Exception {
        // As the section's commands do: the shipped example copied into the policies folder of the Caravan home.
        Path guardrails = Files.createDirectories(tmp.resolve("policies/guardrails"));
        Files.copy(Path.of(System.getProperty("caravan.test.policies", "../policies"), "examples", "guardrails", "card-numbers.groovy"),
                guardrails.resolve("card-numbers.groovy"));

        HttpResponse<String> response = runExample(2, 1);

        assertEquals(446, response.statusCode(), response.body());
        assertEquals(TestGateway.json(blocks("json").get(2)), TestGateway.json(response.body()));
    }
}
