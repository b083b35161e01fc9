package dev.caravan.platform.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.caravan.platform.it.TestGateway;
import dev.caravan.testkit.PluginJarBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin written for plugin-api 0.1.0 (an old-style {@code ProviderAdapter}, {@code Plugin-Requires:
 * >=0.1.0 & <0.2.0}) still serves requests: the gateway serves it as a factory.
 */
class LegacyAdapterGatewayTest {

    private static final String SOURCE = """
            package com.example.old;

            import dev.caravan.api.ApiFamily;
            import dev.caravan.api.Usage;
            import dev.caravan.api.provider.*;
            import java.nio.charset.StandardCharsets;
            import java.util.Map;
            import java.util.Set;
            import org.pf4j.Extension;

            @Extension
            public final class OldAdapter implements ProviderAdapter {
                @Override public String id() { return "old"; }
                @Override public Set<ApiFamily> families() { return Set.of(ApiFamily.CHAT_COMPLETIONS); }
                @Override public UpstreamRequest prepare(ProviderCall call) {
                    var body = call.bodyCopy().put("model", call.targetModel());
                    return UpstreamRequest.postJson(java.net.URI.create(call.provider().baseUrl() + "/chat/completions"),
                            Map.of("authorization", "Bearer " + call.provider().apiKey().reveal()),
                            body.toString().getBytes(StandardCharsets.UTF_8));
                }
                @Override public ProviderResponse translateResponse(ProviderCall call, byte[] body) {
                    return new ProviderResponse(body, Usage.NONE);
                }
                @Override public StreamTranslator openStream(ProviderCall call) { throw new UnsupportedOperationException(); }
                @Override public ProviderError translateError(ProviderCall call, int status, byte[] body) {
                    return new ProviderError(status, "api_error", null, null, "upstream returned " + status, null);
                }
            }
            """;

    @TempDir
    static Path tmp;
    static ThirdPartyGateway running;
    static TestGateway gateway;

    @BeforeAll
    static void startGatewayWithOldPlugin() {
        Path plugins = ThirdPartyGateway.pluginsFolder(tmp);
        PluginJarBuilder.plugin("provider-old").requires(">=0.1.0 & <0.2.0").source("com.example.old.OldAdapter", SOURCE).writeTo(plugins);
        running = ThirdPartyGateway.start(tmp, plugins, "old", "old", "sk-old-0123456789", null);
        gateway = running.gateway;
    }

    @AfterAll
    static void stopGateway() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void should_serve_a_chat_completion_through_an_old_style_adapter_when_its_jar_is_in_plugins() {
        HttpResponseFor<ChatCompletion> raw = gateway.openai(TestGateway.KEY).chat().completions().withRawResponse()
                .create(ChatCompletionCreateParams.builder().model("old").addUserMessage("Say hello").build());

        assertFalse(raw.parse().choices().get(0).message().content().orElse("").isBlank());
        assertEquals("old/gpt-4o-mini", raw.headers().values("x-caravan-served-by").get(0));
    }
}
