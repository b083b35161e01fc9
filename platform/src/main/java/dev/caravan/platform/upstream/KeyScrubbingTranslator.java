package dev.caravan.platform.upstream;

import dev.caravan.api.Secret;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.ProviderTranslator;
import dev.caravan.api.provider.SafeText;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.api.provider.UpstreamRequest;
import java.nio.charset.StandardCharsets;

/**
 * Wraps every provider's translator so that no plugin can leak the provider's key: the key and
 * key-shaped strings ({@link SafeText#mask}) are masked in every error it returns (type, code,
 * param, message and pass-through body) and in the message of every exception it throws, before the
 * client, the receipt or a log sees them. The upstream request ({@link #prepare}) keeps the key: it
 * goes on the wire. Successful answers and stream events pass untouched (and cost nothing here):
 * they are the model's output, which the request log's own secret scrubber covers.
 */
final class KeyScrubbingTranslator implements ProviderTranslator, StreamFraming {

    private final ProviderTranslator translator;
    private final Secret key;

    KeyScrubbingTranslator(ProviderTranslator translator, Secret key) {
        this.translator = translator;
        this.key = key == null ? Secret.empty() : key;
    }

    @Override
    public boolean lineDelimited() {
        return translator instanceof StreamFraming framing && framing.lineDelimited();
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
        try {
            return translator.translateResponse(call, upstreamBody);
        } catch (RuntimeException e) {
            throw scrubbed(e);
        }
    }

    @Override
    public StreamTranslator openStream(ProviderCall call) {
        try {
            return translator.openStream(call);
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
}
