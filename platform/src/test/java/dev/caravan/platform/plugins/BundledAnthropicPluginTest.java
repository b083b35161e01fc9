package dev.caravan.platform.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.RequestContext;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.ProviderFactory;
import dev.caravan.api.provider.ProviderTranslator;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.UpstreamRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The provider-anthropic jar Maven copies into the distribution loads and translates as in production. */
class BundledAnthropicPluginTest {

    @Test
    void should_load_anthropic_adapter_and_translate_a_chat_call_when_distribution_plugins_folder_is_used() throws Exception {
        String dir = System.getProperty("caravan.test.plugins", "target/caravan/plugins");
        assertTrue(Files.isDirectory(Path.of(dir)), "no plugins folder at " + dir + ": run through Maven (mvn -B verify)");

        try (PluginHost host = PluginHost.start(Path.of(dir))) {
            assertEquals(List.of(), host.problems());
            ProviderFactory anthropic = host.providers().get("anthropic");
            assertNotSame(getClass().getClassLoader(), anthropic.getClass().getClassLoader());

            // the host's Jackson tree crosses into the plugin and the plugin's request comes back out
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode chat = (ObjectNode) mapper.readTree("{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            ProviderSettings provider = new ProviderSettings("anthropic", "anthropic", URI.create("https://api.anthropic.com/v1"),
                    Secret.of("sk-ant-test"), Duration.ofSeconds(30), Map.of(), null);
            RequestContext context = new RequestContext("t", "default", "k", "dev", "claude", Map.of(), Instant.now());
            ProviderTranslator translator = anthropic.configure(provider);
            assertEquals(Set.of(ApiFamily.CHAT_COMPLETIONS, ApiFamily.MESSAGES), translator.capabilities().families());
            UpstreamRequest request = translator.prepare(new ProviderCall(ApiFamily.CHAT_COMPLETIONS, chat, "claude-haiku-4-5",
                    false, provider, context));

            assertEquals(URI.create("https://api.anthropic.com/v1/messages"), request.uri());
            assertEquals(mapper.readTree("{\"model\":\"claude-haiku-4-5\",\"max_tokens\":4096,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}"), mapper.readTree(request.body()));
        }
    }
}
