package dev.caravan.platform.upstream;

import dev.caravan.api.Secret;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.ProviderTranslator;
import dev.caravan.api.provider.SafeText;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.api.provider.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Wraps every provider's translator so that no plugin can leak the provider's key: the key and
 * key-shaped strings ({@link SafeText#mask}) are masked in every error it returns (type, code,
 * param, message and pass-through body) and in the message of every exception it throws; the key
 * itself is masked in successful bodies and stream events. What reaches the client, the receipt and
 * the logs went through here. The upstream request ({@link #prepare}) keeps the key: it goes on the
 * wire.
 *
 * <p>Cost: errors are scanned in full; a successful body or stream event only for the key's bytes.
 */
final class KeyScrubbingTranslator implements ProviderTranslator {

    private final ProviderTranslator translator;
    private final Secret key;
    private final byte[] keyBytes;

    KeyScrubbingTranslator(ProviderTranslator translator, Secret key) {
        this.translator = translator;
        this.key = key == null ? Secret.empty() : key;
        this.keyBytes = this.key.reveal().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ProviderCapabilities capabilities() {
        return translator.capabilities();
    }

    @Override
    public UpstreamRequest prepare(ProviderCall call) {
        try {
            return translator.prepare(call);
        } catch (RuntimeException e) {
            throw scrubbed(e);
        }
    }

    @Override
    public ProviderResponse translateResponse(ProviderCall call, byte[] upstreamBody) {
        ProviderResponse response;
        try {
            response = translator.translateResponse(call, upstreamBody);
        } catch (RuntimeException e) {
            throw scrubbed(e);
        }
        return response == null || !holdsKey(response.body()) ? response
                : new ProviderResponse(mask(response.body()), response.usage());
    }

    @Override
    public StreamTranslator openStream(ProviderCall call) {
        try {
            StreamTranslator stream = translator.openStream(call);
            return keyBytes.length == 0 || stream == null ? stream : new ScrubbingStream(stream);
        } catch (RuntimeException e) {
            throw scrubbed(e);
        }
    }

    @Override
    public ProviderError translateError(ProviderCall call, int status, byte[] upstreamBody) {
        ProviderError error;
        try {
            error = translator.translateError(call, status, upstreamBody);
        } catch (RuntimeException e) {
            throw scrubbed(e);
        }
        if (error == null) {
            return null;
        }
        byte[] body = error.passThroughBody();
        if (body != null && SafeText.hasCredential(new String(body, StandardCharsets.UTF_8), key)) {
            body = mask(body);
        }
        return new ProviderError(error.status(), SafeText.mask(error.type(), key), SafeText.mask(error.code(), key),
                SafeText.mask(error.param(), key), SafeText.mask(error.message(), key), body);
    }

    /** The exception with credentials masked in its message; the original when none has any (its causes included). */
    RuntimeException scrubbed(RuntimeException e) {
        if (e instanceof UnsupportedRequestException u) {
            return u.getMessage() != null && SafeText.hasCredential(u.getMessage(), key)
                    || u.param() != null && SafeText.hasCredential(u.param(), key)
                    ? new UnsupportedRequestException(SafeText.mask(u.param(), key), SafeText.mask(u.getMessage(), key)) : u;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && SafeText.hasCredential(t.getMessage(), key)) {
                // the causes' messages would show in a logged stack trace: keep the frames, not the chain
                IllegalStateException masked = new IllegalStateException(e.getClass().getName() + ": " + SafeText.mask(e.getMessage(), key));
                masked.setStackTrace(e.getStackTrace());
                return masked;
            }
        }
        return e;
    }

    private byte[] mask(byte[] body) {
        return SafeText.mask(new String(body, StandardCharsets.UTF_8), key).getBytes(StandardCharsets.UTF_8);
    }

    private boolean holdsKey(byte[] body) {
        if (keyBytes.length == 0 || body == null) {
            return false;
        }
        outer:
        for (int i = 0, last = body.length - keyBytes.length; i <= last; i++) {
            for (int j = 0; j < keyBytes.length; j++) {
                if (body[i + j] != keyBytes[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The plugin's stream with the key masked in every event it sends. */
    private final class ScrubbingStream implements StreamTranslator {

        private final StreamTranslator stream;

        ScrubbingStream(StreamTranslator stream) {
            this.stream = stream;
        }

        @Override
        public List<SseEvent> onEvent(SseEvent upstreamEvent) {
            return scrub(stream.onEvent(upstreamEvent));
        }

        @Override
        public List<SseEvent> onComplete() {
            return scrub(stream.onComplete());
        }

        @Override
        public boolean endedCleanly() {
            return stream.endedCleanly();
        }

        @Override
        public Usage usage() {
            return stream.usage();
        }

        private List<SseEvent> scrub(List<SseEvent> events) {
            if (events == null || events.stream().noneMatch(e -> e.data() != null && e.data().contains(key.reveal()))) {
                return events;
            }
            List<SseEvent> out = new ArrayList<>(events.size());
            for (SseEvent e : events) {
                out.add(e.data() != null && e.data().contains(key.reveal()) ? new SseEvent(e.event(), SafeText.mask(e.data(), key)) : e);
            }
            return out;
        }
    }
}
