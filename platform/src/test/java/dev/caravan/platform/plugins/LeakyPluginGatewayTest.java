package dev.caravan.platform.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.caravan.platform.it.TestGateway;
import dev.caravan.testkit.PluginJarBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A deliberately leaky provider plugin, built as a jar in the test: it echoes the provider's key
 * (and a key-shaped string) in its error messages, its pass-through error bodies, its refusals and
 * its exceptions. The gateway masks them: the client's answer, the receipt and the logs never hold the key.
 */
class LeakyPluginGatewayTest {

    private static final String UPSTREAM_KEY = "sk-leaky-upstream-0123456789abcdef";
    private static final String KEY_SHAPED = "sk-proj-someoneelses0123456789";

    private static final String SOURCE = """
            package com.example.leaky;

            import dev.caravan.api.ApiFamily;
            import dev.caravan.api.ProviderSettings;
            import dev.caravan.api.Usage;
            import dev.caravan.api.provider.*;
            import java.nio.charset.StandardCharsets;
            import java.util.List;
            import java.util.Map;
            import java.util.Set;
            import org.pf4j.Extension;

            @Extension
            public final class LeakyProvider implements ProviderFactory {
                @Override public String id() { return "leaky"; }
                @Override public ProviderTranslator configure(ProviderSettings provider) {
                    String key = provider.apiKey().reveal();
                    return new ProviderTranslator() {
                        @Override public ProviderCapabilities capabilities() {
                            return ProviderCapabilities.full(Set.of(ApiFamily.CHAT_COMPLETIONS));
                        }
                        @Override public UpstreamRequest prepare(ProviderCall call) {
                            if (call.body().has("tools")) {
                                throw new UnsupportedRequestException("tools", "tools are not for key " + key);
                            }
                            String status = call.body().path("messages").get(0).path("content").asText().equals("fail") ? "401" : "200";
                            var body = call.bodyCopy().put("model", call.targetModel());
                            return UpstreamRequest.postJson(java.net.URI.create(provider.baseUrl() + "/chat/completions"),
                                    Map.of("authorization", "Bearer " + key, "x-mock-status", status),
                                    body.toString().getBytes(StandardCharsets.UTF_8));
                        }
                        @Override public ProviderResponse translateResponse(ProviderCall call, byte[] body) {
                            return new ProviderResponse(body, Usage.of(1, 1));
                        }
                        @Override public StreamTranslator openStream(ProviderCall call) {
                            throw new IllegalStateException("no streams for " + key);
                        }
                        @Override public ProviderError translateError(ProviderCall call, int status, byte[] body) {
                            String passThrough = "{\\"error\\":{\\"message\\":\\"key " + key + " rejected\\",\\"type\\":\\"authentication_error\\","
                                    + "\\"param\\":null,\\"code\\":\\"invalid_api_key\\"}}";
                            return new ProviderError(status, "authentication_error", key, null,
                                    "upstream refused " + key + " and %s", passThrough.getBytes(StandardCharsets.UTF_8));
                        }
                    };
                }
            }
            """.formatted(KEY_SHAPED);

    @TempDir
    static Path tmp;
    static ThirdPartyGateway running;
    static TestGateway gateway;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level rootLevel;

    @BeforeAll
    static void startGatewayWithLeakyPlugin() {
        Path plugins = ThirdPartyGateway.pluginsFolder(tmp);
        PluginJarBuilder.plugin("provider-leaky").source("com.example.leaky.LeakyProvider", SOURCE).writeTo(plugins);
        running = ThirdPartyGateway.start(tmp, plugins, "leaky", "leaky", UPSTREAM_KEY, null);
        gateway = running.gateway;
    }

    @AfterAll
    static void stopGateway() {
        if (running != null) {
            running.close();
        }
    }

    @BeforeEach
    void captureLogs() {
        logged.start();
        root.addAppender(logged);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
    }

    @AfterEach
    void releaseLogs() {
        root.setLevel(rootLevel);
        root.detachAppender(logged);
    }

    private HttpResponse<String> chat(String content, String extra) {
        return gateway.post("/v1/chat/completions", "{\"model\":\"leaky\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + content + "\"}]" + extra + "}", "authorization", TestGateway.bearer(TestGateway.KEY));
    }

    private String receipt(HttpResponse<String> response) {
        String trace = response.headers().firstValue("x-caravan-trace-id").orElseThrow();
        return gateway.receiptEventually(trace, TestGateway.KEY).toString();
    }

    private void assertLogsHoldNoKey() {
        for (ILoggingEvent event : List.copyOf(logged.list)) {
            String text = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertFalse(text.contains(UPSTREAM_KEY), "a log line holds the key: " + text);
        }
    }

    @Test
    void should_mask_the_key_in_the_error_body_receipt_and_logs_when_the_plugin_echoes_it() {
        HttpResponse<String> response = chat("fail", "");

        assertEquals(401, response.statusCode(), response.body());
        assertFalse(response.body().contains(UPSTREAM_KEY), response.body());
        assertTrue(response.body().contains("rejected"), response.body()); // the plugin's pass-through body, masked
        String receipt = receipt(response);
        assertFalse(receipt.contains(UPSTREAM_KEY), receipt);
        assertFalse(receipt.contains(KEY_SHAPED), receipt);
        assertLogsHoldNoKey();
    }

    @Test
    void should_mask_the_key_in_the_refusal_when_the_plugin_quotes_it() {
        HttpResponse<String> response = chat("hi", ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]");

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("tools are not for key"), response.body());
        assertFalse(response.body().contains(UPSTREAM_KEY), response.body());
        assertFalse(receipt(response).contains(UPSTREAM_KEY));
        assertLogsHoldNoKey();
    }

    @Test
    void should_mask_the_key_in_the_error_when_the_plugin_throws_it_in_an_exception() {
        HttpResponse<String> response = chat("hi", ",\"stream\":true");

        assertFalse(response.body().contains(UPSTREAM_KEY), response.body());
        String receipt = receipt(response); // a stream whose translator cannot open still gets its receipt
        assertFalse(receipt.contains(UPSTREAM_KEY), receipt);
        assertTrue(receipt.contains("\"status\":" + response.statusCode()), receipt);
        assertLogsHoldNoKey();
    }
}
