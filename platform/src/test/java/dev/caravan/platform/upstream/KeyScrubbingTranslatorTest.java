package dev.caravan.platform.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.Secret;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.ProviderTranslator;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.api.provider.UpstreamRequest;
import java.nio.charset.StandardCharsets;
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
            throw new IllegalStateException("cannot read", new RuntimeException("key " + KEY));
        }
        @Override public StreamTranslator openStream(ProviderCall call) {
            throw new IllegalStateException("upstream answered 2xx without choices");
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
        UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class,
                () -> translator.prepare(null));

        assertEquals("no tools for ***", e.getMessage());
        assertEquals("tools", e.param());
    }

    @Test
    void should_keep_an_exception_when_it_holds_no_credential() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> translator.openStream(null));

        assertEquals("upstream answered 2xx without choices", e.getMessage());
    }

    @Test
    void should_drop_the_causes_when_one_of_them_quotes_the_key() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> translator.translateResponse(null, new byte[0]));

        assertFalse(e.toString().contains(KEY));
        assertNull(e.getCause());
        assertTrue(e.getMessage().contains("cannot read"));
    }
}
