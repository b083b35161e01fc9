package dev.caravan.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Gemini's thought signatures in an OpenAI conversation. Thinking models attach an opaque
 * {@code thoughtSignature} to function-call parts and want it back with the call in the next
 * request; Gemini 3 refuses a replayed function call without one (400). OpenAI's chat format has no
 * such field, so Caravan carries it where Google's own OpenAI-compatible endpoint does: in the
 * tool call's {@code extra_content.google.thought_signature}. A client that drops it (most typed
 * SDK objects do) would break every tool conversation with Gemini 3, so for models newer than
 * Gemini 2 the first function call of a turn without any signature gets the placeholder Google
 * documents for histories it did not produce.
 */
final class ThoughtSignatures {

    /** Google's documented placeholder for function calls whose signature is unknown. */
    static final String PLACEHOLDER = "skip_thought_signature_validator";

    private ThoughtSignatures() {}

    /** The signature a client sent back on an OpenAI tool call, or null. */
    static String fromToolCall(JsonNode toolCall) {
        JsonNode signature = toolCall.path("extra_content").path("google").path("thought_signature");
        return signature.isTextual() && !signature.textValue().isEmpty() ? signature.textValue() : null;
    }

    /** Puts a Gemini part's signature on the OpenAI tool call built from it. */
    static void toToolCall(JsonNode geminiPart, ObjectNode toolCall) {
        JsonNode signature = geminiPart.path("thoughtSignature");
        if (signature.isTextual() && !signature.textValue().isEmpty()) {
            toolCall.putObject("extra_content").putObject("google").put("thought_signature", signature.textValue());
        }
    }

    /** Whether {@code model} validates signatures on replayed function calls (Gemini 3 and later). */
    static boolean validatedBy(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        int slash = name.lastIndexOf('/');
        name = name.substring(slash + 1);
        return !(name.startsWith("gemini-1") || name.startsWith("gemini-2") || name.startsWith("gemma"));
    }
}
