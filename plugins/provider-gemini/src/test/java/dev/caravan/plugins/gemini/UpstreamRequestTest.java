package dev.caravan.plugins.gemini;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.api.provider.UpstreamRequest;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpstreamRequestTest {

    private final ProviderHarness adapter = new ProviderHarness(new GeminiAdapter());
    private final ObjectNode hello = Fixtures.body("{'model':'fast','messages':[{'role':'user','content':'Hi'}]}");

    @Test
    void should_post_to_generate_content_with_key_header_when_not_streaming() {
        UpstreamRequest request = adapter.prepare(Calls.call(hello, false));

        assertEquals("POST", request.method());
        assertEquals(URI.create("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"), request.uri());
        assertEquals(Calls.KEY, request.headers().get("x-goog-api-key"));
        assertEquals("application/json", request.headers().get("accept"));
        assertEquals("application/json", request.headers().get("content-type"));
    }

    @Test
    void should_post_to_stream_generate_content_with_alt_sse_when_streaming() {
        UpstreamRequest request = adapter.prepare(Calls.call(hello, true));

        assertEquals(URI.create("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"),
                request.uri());
        assertEquals("text/event-stream", request.headers().get("accept"));
    }

    @Test
    void should_use_a_resource_name_as_is_when_the_model_names_its_collection() {
        UpstreamRequest request = adapter.prepare(Calls.call(hello, false, "tunedModels/my-tuned-model-7"));

        assertEquals(URI.create("https://generativelanguage.googleapis.com/v1beta/tunedModels/my-tuned-model-7:generateContent"),
                request.uri());
    }

    @Test
    void should_refuse_the_model_when_it_is_not_a_gemini_model_name() {
        UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class,
                () -> adapter.prepare(Calls.call(hello, false, "../files/x?alt=media")));

        assertEquals("model", e.param());
    }

    @Test
    void should_keep_operator_headers_and_send_no_key_header_when_no_key_is_configured() {
        ProviderSettings keyless = new ProviderSettings("gemini", "gemini", URI.create("http://localhost:9000/v1beta/"),
                Secret.empty(), Duration.ofSeconds(5), Map.of("X-Goog-User-Project", "my-project"), null);

        UpstreamRequest request = adapter.prepare(Calls.call(hello, false, Calls.MODEL, keyless));

        assertFalse(request.headers().containsKey("x-goog-api-key"));
        assertEquals("my-project", request.headers().get("x-goog-user-project"));
        assertEquals(URI.create("http://localhost:9000/v1beta/models/gemini-2.5-flash:generateContent"), request.uri());
    }

    @Test
    void should_send_the_translated_body_when_preparing() {
        UpstreamRequest request = adapter.prepare(Calls.call(hello, false));

        assertEquals(Fixtures.tree("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}"), Fixtures.tree(request.body()));
    }

    @Test
    void should_write_emoji_as_utf8_when_serialising_the_body() {
        ObjectNode body = Fixtures.body("{'messages':[{'role':'user','content':'\uD83D\uDE80 go'}]}");

        byte[] sent = adapter.prepare(Calls.call(body, false)).body();

        assertArrayEquals("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"\uD83D\uDE80 go\"}]}]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), sent);
    }
}
