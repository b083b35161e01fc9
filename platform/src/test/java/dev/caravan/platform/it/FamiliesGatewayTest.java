package dev.caravan.platform.it;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockScript;
import dev.caravan.mock.MockUpstream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the API-family tests: one mock upstream speaking every wire format and one gateway with a
 * provider of each kind in front of it. {@code mock} (OpenAI, preset openai) serves Responses,
 * embeddings and images natively; {@code chat-only} (preset together) has no Responses API, so
 * Responses requests are translated to chat; {@code groq} serves no embeddings or images;
 * {@code deepseek} takes no image inputs; {@code claude} speaks Anthropic Messages natively;
 * {@code gemini} speaks Gemini. OpenAI providers never speak Messages, so {@code /v1/messages} on
 * them is always translated. Scripted upstream models give tool calls, errors and cut streams.
 */
abstract class FamiliesGatewayTest {

    static final String TOOL_ARGUMENTS = "{\"city\":\"Paris\"}";

    static final String MODELS = """
              - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
              - { alias: chat-fast, targets: [ { provider: chat-only, model: gpt-4o-mini } ] }
              - { alias: cut, targets: [ { provider: mock, model: cut-model } ] }
              - { alias: chat-cut, targets: [ { provider: chat-only, model: cut-model } ] }
              - { alias: tool, targets: [ { provider: mock, model: tool-model } ] }
              - { alias: chat-tool, targets: [ { provider: chat-only, model: tool-model } ] }
              - { alias: limited, targets: [ { provider: mock, model: limited-model } ] }
              - { alias: claude, targets: [ { provider: claude, model: claude-sonnet-4-5 } ] }
              - { alias: claude-tool, targets: [ { provider: claude, model: tool-model } ] }
              - { alias: claude-limited, targets: [ { provider: claude, model: limited-model } ] }
              - { alias: claude-one-rpm, targets: [ { provider: claude, model: claude-sonnet-4-5 } ] }
              - { alias: gemini, targets: [ { provider: gemini, model: gemini-2.0-flash } ] }
              - { alias: gemini-tool, targets: [ { provider: gemini, model: tool-model } ] }
              - { alias: groq, targets: [ { provider: groq, model: gpt-4o-mini } ] }
              - { alias: embed, targets: [ { provider: mock, model: text-embedding-3-small } ] }
              - { alias: draw, targets: [ { provider: mock, model: gpt-image-1 } ] }
              - alias: no-embeddings
                strategy: fallback
                targets: [ { provider: groq, model: gpt-4o-mini }, { provider: deepseek, model: gpt-4o-mini } ]
              - alias: embed-fallback
                strategy: fallback
                targets: [ { provider: groq, model: text-embedding-3-small }, { provider: mock, model: text-embedding-3-small } ]
              - alias: vision-fallback
                strategy: fallback
                targets: [ { provider: deepseek, model: gpt-4o-mini }, { provider: mock, model: gpt-4o-mini } ]
            """;

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void startGateway() {
        mock = MockUpstream.start(MockOptions.defaults());
        mock.script("cut-model", MockScript.steps().thenForever(b -> b.withTruncateAfter(2)));
        mock.script("limited-model", MockScript.steps().thenForever(b -> b.withStatus(429)));
        mock.script("tool-model", MockScript.steps().thenForever(b -> b.withToolCall("*").withToolArguments(TOOL_ARGUMENTS)));
        String base = mock.baseUrl().toString();
        String providers = String.join("\n",
                "- { id: chat-only, plugin: openai, base_url: \"" + base + "\", options: { preset: together } }",
                "- { id: groq, plugin: openai, base_url: \"" + base + "\", options: { preset: groq } }",
                "- { id: deepseek, plugin: openai, base_url: \"" + base + "\", options: { preset: deepseek } }",
                "- { id: claude, plugin: anthropic, base_url: \"" + base + "\", api_key: \"sk-ant-upstream-secret\" }",
                "- { id: gemini, plugin: gemini, base_url: \"" + base.replaceAll("/v1$", "/v1beta") + "\", api_key: \"AIza-upstream-secret\" }");
        gateway = TestGateway.startWithProviders(mock, tmp, providers, MODELS,
                "breaker: { window: 10000, minimum_calls: 10000 }\nrate_limits:\n  - { scope: { alias: claude-one-rpm }, rpm: 1 }");
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
        mock.close();
    }

    static AnthropicClient anthropic(String key) {
        return AnthropicOkHttpClient.builder()
                .baseUrl(gateway.baseUrl().toString())
                .apiKey(key)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    /** The {@code event:} names of an SSE body, in order. */
    static List<String> eventNames(String body) {
        List<String> names = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("event: ")) {
                names.add(line.substring(7).trim());
            }
        }
        return names;
    }

    static List<String> dataLines(String body) {
        List<String> data = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            }
        }
        return data;
    }
}
