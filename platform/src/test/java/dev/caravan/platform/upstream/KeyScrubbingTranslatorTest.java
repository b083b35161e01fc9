package dev.caravan.platform.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.Secret;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.ProviderTranslator;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.api.provider.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyScrubbingTranslatorTest {

    private static final String KEY = "plain-upstream-key-0123456789";

    /** Echoes the key everywhere it can. */
    private static final ProviderTranslator LEAKY = new ProviderTranslator() {
        @Override public ProviderCapabilities capabilities() {
            return ProviderCapabilities.full(Set.of());
        }
        @Override public UpstreamRequest prepare(ProviderCall call) {
            throw new UnsupportedRequestException("tools", "no tools for " + KEY);
        }
        @Override public ProviderResponse translateResponse(ProviderCall call, byte[] body) {
            return new ProviderResponse(("{\"content\":\"" + KEY + "\"}").getBytes(StandardCharsets.UTF_8), Usage.NONE);
        }
        @Override public StreamTranslator openStream(ProviderCall call) {
            return new StreamTranslator() {
                @Override public List<SseEvent> onEvent(SseEvent e) { return List.of(SseEvent.data("{\"k\":\"" + KEY + "\"}"), e); }
                @Override public List<SseEvent> onComplete() { return List.of(); }
                @Override public boolean endedCleanly() { return true; }
                @Override public Usage usage() { return Usage.NONE; }
            };
        }
        @Override public ProviderError translateError(ProviderCall call, int status, byte[] body) {
            return new ProviderError(status, "api_error", KEY, null, "bad " + KEY + " and Bearer abcdefghijklmnop",
                    ("{\"error\":{\"message\":\"" + KEY + "\"}}").getBytes(StandardCharsets.UTF_8));
        }
    };

    private final KeyScrubbingTranslator translator = new KeyScrubbingTranslator(LEAKY, Secret.of(KEY));

    @Test
    void should_mask_the_key_and_bearer_tokens_in_every_field_of_an_error_when_the_plugin_echoes_them() {
        ProviderError error = translator.translateError(null, 401, new byte[0]);

        assertEquals("***", error.code());
        assertEquals("bad *** and Bearer ***", error.message());
        assertEquals("{\"error\":{\"message\":\"***\"}}", new String(error.passThroughBody(), StandardCharsets.UTF_8));
    }

    @Test
    void should_mask_the_key_in_a_refusal_when_the_plugin_quotes_it() {
        UnsupportedRequestException e = org.junit.jupiter.api.Assertions.assertThrows(UnsupportedRequestException.class,
                () -> translator.prepare(null));

        assertEquals("no tools for ***", e.getMessage());
        assertEquals("tools", e.param());
    }

    @Test
    void should_mask_the_key_in_answers_and_stream_events_when_the_plugin_writes_it() {
        assertEquals("{\"content\":\"***\"}", new String(translator.translateResponse(null, new byte[0]).body(), StandardCharsets.UTF_8));
        SseEvent clean = SseEvent.data("{}");

        List<SseEvent> events = translator.openStream(null).onEvent(clean);

        assertEquals("{\"k\":\"***\"}", events.get(0).data());
        assertSame(clean, events.get(1));
    }

    @Test
    void should_keep_an_exception_when_it_holds_no_credential() {
        IllegalStateException plain = new IllegalStateException("upstream answered 2xx without choices");

        assertSame(plain, translator.scrubbed(plain));
    }

    @Test
    void should_drop_the_causes_when_one_of_them_quotes_the_key() {
        RuntimeException e = translator.scrubbed(new IllegalStateException("cannot read", new RuntimeException("key " + KEY)));

        assertFalse(e.toString().contains(KEY));
        assertNull(e.getCause());
        assertTrue(e.getMessage().contains("cannot read"));
    }
}
