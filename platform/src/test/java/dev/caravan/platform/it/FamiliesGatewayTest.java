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
 * Base of the API-family tests: one mock upstream and one gateway whose aliases reach the mock's
 * chat endpoint through the OpenAI provider (so Messages and Responses are translated), plus
 * scripted upstream models for errors and cut streams.
 */
abstract class FamiliesGatewayTest {

    static final String MODELS = """
              - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
              - { alias: cut, targets: [ { provider: mock, model: cut-model } ] }
              - { alias: limited, targets: [ { provider: mock, model: limited-model } ] }
              - { alias: broken, targets: [ { provider: mock, model: broken-model } ] }
              - { alias: nowhere, targets: [ { provider: down, model: gpt-4o-mini } ] }
              - alias: two-chat
                strategy: fallback
                targets: [ { provider: mock, model: gpt-4o-mini }, { provider: slow, model: gpt-4o-mini } ]
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
        mock.script("broken-model", MockScript.steps().thenForever(b -> b.withStatus(500)));
        gateway = TestGateway.startWithModels(mock, tmp, MODELS, "breaker: { window: 10000, minimum_calls: 10000 }");
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
