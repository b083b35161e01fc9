package dev.caravan.platform.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.provider.ProviderAdapter;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UpstreamRequest;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.config.ConfigLoader;
import dev.caravan.platform.plugins.LegacyProviderFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Capabilities are computed once per provider, and each provider's options are checked by its adapter at start-up. */
class ProviderRegistryTest {

    /** An adapter whose only behaviour under test is option checking and capabilities; it is never called. */
    private static final class OptionCheckingAdapter implements ProviderAdapter {
        @Override public String id() { return "strict"; }
        @Override public Set<ApiFamily> families() { return Set.of(ApiFamily.CHAT_COMPLETIONS); }
        @Override public ProviderCapabilities capabilities(ProviderSettings provider) {
            return new ProviderCapabilities(families(), !provider.options().path("no_stream").asBoolean(), true, false);
        }
        @Override public void checkOptions(JsonNode options) {
            if (options.has("variant") && !options.get("variant").asText().equals("plain")) {
                throw new IllegalArgumentException("variant: must be 'plain', got '" + options.get("variant").asText() + "'");
            }
        }
        @Override public UpstreamRequest prepare(ProviderCall call) { throw new UnsupportedOperationException(); }
        @Override public ProviderResponse translateResponse(ProviderCall call, byte[] body) { throw new UnsupportedOperationException(); }
        @Override public StreamTranslator openStream(ProviderCall call) { throw new UnsupportedOperationException(); }
        @Override public ProviderError translateError(ProviderCall call, int status, byte[] body) { throw new UnsupportedOperationException(); }
    }

    private static CaravanConfig config(String providers) {
        return ConfigLoader.fromYaml("""
                providers:
                %s
                models:
                  - { alias: a, targets: [ { provider: p0, model: m } ] }
                keys:
                  - { name: dev, key: "sk-test-caravan-dev-0001", tenant: acme }
                """.formatted(providers), Map.of(), Path.of("."));
    }

    @Test
    void should_report_every_rejected_option_with_its_config_path() {
        CaravanConfig config = config("""
                  - { id: p0, plugin: strict, base_url: "http://127.0.0.1:1/v1", options: { variant: azure } }
                  - { id: p1, plugin: strict, base_url: "http://127.0.0.1:1/v1", options: { variant: other } }
                """);

        ConfigException e = assertThrows(ConfigException.class,
                () -> ProviderRegistry.bind(config, Map.of("strict", new LegacyProviderFactory(new OptionCheckingAdapter()))));

        assertEquals(List.of("providers[0].options.variant: must be 'plain', got 'azure'",
                "providers[1].options.variant: must be 'plain', got 'other'"), e.problems());
    }

    @Test
    void should_compute_each_providers_capabilities_from_its_options() {
        CaravanConfig config = config("""
                  - { id: p0, plugin: strict, base_url: "http://127.0.0.1:1/v1", options: { no_stream: true } }
                  - { id: p1, plugin: strict, base_url: "http://127.0.0.1:1/v1" }
                """);

        ProviderRegistry registry = ProviderRegistry.bind(config, Map.of("strict", new LegacyProviderFactory(new OptionCheckingAdapter())));

        assertEquals(false, registry.get("p0").capabilities().streaming());
        assertEquals(true, registry.get("p1").capabilities().streaming());
    }

    @Test
    void should_report_a_message_without_an_option_name_on_the_options_path() {
        assertEquals("providers[2].options: options are not allowed", ProviderRegistry.optionProblem(2, "options are not allowed"));
    }
}
