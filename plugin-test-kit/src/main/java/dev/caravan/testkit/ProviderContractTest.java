package dev.caravan.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.RequestContext;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderFactory;
import dev.caravan.api.provider.ProviderTranslator;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UnsupportedRequestException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The contract every provider plugin keeps, as the gateway relies on it. A plugin's test extends
 * this class and names its factory and a recorded stream:
 *
 * <pre>{@code
 * class AcmeContractTest extends ProviderContractTest {
 *     @Override protected ProviderFactory factory() { return new AcmeProvider(); }
 *     @Override protected String completeStream() { return Fixtures.text("stream.sse"); }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>the key is never echoed: not in any field of an error translated from an upstream body that
 *       quotes it (JSON in OpenAI's, Anthropic's or Google's shape, or an HTML page);</li>
 *   <li>a stream's end is reported only on a proper end: the recorded stream ends cleanly, the same
 *       stream without its last event does not;</li>
 *   <li>capabilities are honoured: what they deny (streaming, tools, image inputs) is refused in
 *       {@code prepare} with an {@link UnsupportedRequestException} naming the field; what they
 *       offer is prepared.</li>
 * </ul>
 */
public abstract class ProviderContractTest {

    /** The key every test configures; it must never come back. */
    protected static final String KEY = "sk-contract-test-key-0123456789abcdef";

    /** The plugin's factory. */
    protected abstract ProviderFactory factory();

    /** A successful upstream stream for {@link #chat(boolean)}, as recorded on the wire (SSE). */
    protected abstract String completeStream();

    /** The provider's options in these tests; the default is none. */
    protected JsonNode options() {
        return null;
    }

    /** The upstream model name the calls target. */
    protected String targetModel() {
        return "contract-model";
    }

    /** The provider under test: the plugin's id, the key, {@link #options()}. */
    protected ProviderSettings provider() {
        return new ProviderSettings("contract", factory().id(), URI.create("https://upstream.test/v1"), Secret.of(KEY),
                Duration.ofSeconds(30), Map.of(), options());
    }

    /** A canonical chat completion call with {@code body}. */
    protected ProviderCall call(ObjectNode body, boolean stream) {
        RequestContext context = new RequestContext("trace-contract", "default", "key-1", "dev", body.path("model").asText(),
                Map.of(), Instant.parse("2025-01-01T00:00:00Z"));
        return new ProviderCall(ApiFamily.CHAT_COMPLETIONS, body, targetModel(), stream, provider(), context);
    }

    /** {@code {"model":"m","messages":[{"role":"user","content":"Hello"}]}}, streamed or not. */
    protected ProviderCall chat(boolean stream) {
        ObjectNode body = Fixtures.body("{'model':'m','messages':[{'role':'user','content':'Hello'}]}");
        if (stream) {
            body.put("stream", true);
        }
        return call(body, stream);
    }

    private ProviderTranslator translator() {
        return factory().configure(provider());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 429, 500, 529})
    void should_never_echo_the_key_when_an_upstream_error_quotes_it(int status) {
        String[] bodies = {
            "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}",
            "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key " + KEY + "\"}}",
            "{\"error\":{\"code\":" + status + ",\"message\":\"API key not valid: " + KEY + "\",\"status\":\"INVALID_ARGUMENT\"}}",
            "<html><body><h1>" + status + "</h1><p>key " + KEY + " refused</p></body></html>",
            "{\"error\":\"" + KEY + "\"}",
        };
        ProviderTranslator translator = translator();
        for (String body : bodies) {
            ProviderError error = translator.translateError(chat(false), status, body.getBytes(StandardCharsets.UTF_8));

            String seen = error.type() + " " + error.code() + " " + error.param() + " " + error.message() + " "
                    + (error.passThroughBody() == null ? "" : new String(error.passThroughBody(), StandardCharsets.UTF_8));
            assertFalse(seen.contains(KEY), "the key came back from " + body + ": " + seen);
            assertTrue(error.status() >= 400, "an error answered " + error.status());
        }
    }

    @Test
    void should_report_a_clean_end_when_the_stream_ended_properly() {
        StreamTranslator stream = translator().openStream(chat(true));

        Fixtures.replay(stream, SseFrames.split(completeStream()));

        assertTrue(stream.endedCleanly(), "the recorded stream did not end cleanly");
    }

    @Test
    void should_not_report_a_clean_end_when_the_stream_stops_before_its_last_event() {
        List<SseEvent> events = SseFrames.split(completeStream());
        assertTrue(events.size() > 1, "completeStream() needs at least two events");
        StreamTranslator stream = translator().openStream(chat(true));

        Fixtures.replay(stream, events.subList(0, events.size() - 1));

        assertFalse(stream.endedCleanly(), "a stream cut before its last event was reported as ended");
    }

    @Test
    void should_serve_chat_completions_when_capabilities_list_them() {
        ProviderCapabilities capabilities = translator().capabilities();
        if (capabilities.serves(ApiFamily.CHAT_COMPLETIONS)) {
            assertDoesNotThrow(() -> translator().prepare(chat(false)));
        } else {
            assertThrows(UnsupportedRequestException.class, () -> translator().prepare(chat(false)));
        }
    }

    @Test
    void should_honour_the_streaming_capability_when_preparing_a_stream() {
        ProviderTranslator translator = translator();
        if (translator.capabilities().streaming()) {
            assertDoesNotThrow(() -> translator.prepare(chat(true)));
        } else {
            UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class, () -> translator.prepare(chat(true)));
            assertEquals("stream", e.param());
        }
    }

    @Test
    void should_honour_the_tools_capability_when_a_request_declares_tools() {
        ProviderTranslator translator = translator();
        ObjectNode body = Fixtures.body("{'model':'m','messages':[{'role':'user','content':'What time is it?'}],"
                + "'tools':[{'type':'function','function':{'name':'now','description':'the time','parameters':{'type':'object','properties':{}}}}]}");
        if (translator.capabilities().tools()) {
            assertDoesNotThrow(() -> translator.prepare(call(body, false)));
        } else {
            UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class, () -> translator.prepare(call(body, false)));
            assertTrue(e.param().startsWith("tools"), e.param());
        }
    }

    @Test
    void should_honour_the_vision_capability_when_a_message_holds_an_image() {
        ProviderTranslator translator = translator();
        // A plugin that takes URLs only is given one; every other gets a base64 data URL.
        String image = acceptsDataUrlImages() ? "data:image/png;base64,iVBORw0KGgo=" : "https://example.com/cat.png";
        ObjectNode body = Fixtures.body("{'model':'m','messages':[{'role':'user','content':[{'type':'text','text':'What is this?'},"
                + "{'type':'image_url','image_url':{'url':'" + image + "'}}]}]}");
        if (translator.capabilities().vision()) {
            assertDoesNotThrow(() -> translator.prepare(call(body, false)));
        } else {
            UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class, () -> translator.prepare(call(body, false)));
            assertTrue(e.param().startsWith("messages"), e.param());
        }
    }

    /** Whether a vision-capable plugin takes a base64 data URL image; override with false if it takes URLs only. */
    protected boolean acceptsDataUrlImages() {
        return true;
    }
}
