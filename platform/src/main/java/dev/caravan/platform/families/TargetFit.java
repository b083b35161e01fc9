package dev.caravan.platform.families;

import dev.caravan.api.ApiFamily;
import dev.caravan.api.provider.ProviderCapabilities;

/**
 * How one target can serve a request of a family: natively, through the platform's translation to
 * chat completions, or not at all (then {@link #unsupported()} names what is missing and
 * {@link #param()} the request field it is about).
 */
public record TargetFit(Mode mode, String unsupported, String param) {

    public enum Mode { NATIVE, VIA_CHAT, UNSUPPORTED }

    public static TargetFit of(ApiFamily family, RequestNeeds needs, ProviderCapabilities capabilities) {
        Mode mode;
        if (capabilities.serves(family)) {
            mode = Mode.NATIVE;
        } else if ((family == ApiFamily.MESSAGES || family == ApiFamily.RESPONSES)
                && capabilities.serves(ApiFamily.CHAT_COMPLETIONS)) {
            mode = Mode.VIA_CHAT;
        } else {
            return new TargetFit(Mode.UNSUPPORTED, familyName(family), "model");
        }
        if (needs.stream() && !capabilities.streaming()) {
            return new TargetFit(Mode.UNSUPPORTED, "streaming", "stream");
        }
        if (needs.tools() && !capabilities.tools()) {
            return new TargetFit(Mode.UNSUPPORTED, "tools", "tools");
        }
        if (needs.images() && !capabilities.vision()) {
            return new TargetFit(Mode.UNSUPPORTED, "image inputs", family == ApiFamily.RESPONSES ? "input" : "messages");
        }
        return new TargetFit(mode, null, null);
    }

    public boolean serves() {
        return mode != Mode.UNSUPPORTED;
    }

    /** The client-facing sentence, e.g. {@code model 'text-embedding-3-small' (provider mock) does not support embeddings}. */
    public String message(String model, String provider) {
        return "model '" + model + "' (provider " + provider + ") does not support " + unsupported;
    }

    static String familyName(ApiFamily family) {
        return switch (family) {
            case CHAT_COMPLETIONS -> "chat completions";
            case MESSAGES -> "messages";
            case RESPONSES -> "responses";
            case EMBEDDINGS -> "embeddings";
            case IMAGES -> "image generation";
        };
    }
}
