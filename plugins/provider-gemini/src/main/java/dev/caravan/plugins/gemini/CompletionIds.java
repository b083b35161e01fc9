package dev.caravan.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.provider.ProviderCall;

/** The identifying fields of a translated completion, shared by whole answers and streams. */
final class CompletionIds {

    private CompletionIds() {}

    /** {@code chatcmpl-} + Gemini's {@code responseId}, or the trace id when Gemini sent none. */
    static String id(ProviderCall call, JsonNode response) {
        JsonNode responseId = response.path("responseId");
        String suffix = responseId.isTextual() && !responseId.textValue().isEmpty() ? responseId.textValue() : call.context().traceId();
        return "chatcmpl-" + suffix;
    }

    /** When the gateway received the request, in Unix seconds (Gemini's answer has no creation time). */
    static long created(ProviderCall call) {
        return call.context().receivedAt().getEpochSecond();
    }

    /** The model version Gemini reports, else the model Caravan asked for. */
    static String model(ProviderCall call, JsonNode response) {
        JsonNode version = response.path("modelVersion");
        return version.isTextual() && !version.textValue().isEmpty() ? version.textValue() : call.targetModel();
    }

    static String blockMessage(String blockReason) {
        return blockReason.isEmpty()
                ? "Gemini returned no candidates."
                : "Gemini blocked the prompt (blockReason: " + blockReason + ").";
    }
}
